export { startStepFunctions } from './start-stepfunctions';
export type { RunningStepFunctions, StepFunctionsEmulatorOptions } from './start-stepfunctions';
export { LocalStepFunctions, LambdaFunctionError } from './local-step-functions';
export type {
  InvokeFunction,
  InvokeServiceIntegration,
  LocalStepFunctionsOptions,
  ExecutionStatus,
  StateMachineType,
  StoredExecution,
  StoredStateMachine,
} from './local-step-functions';
export { stateMachineArn, executionArn } from './arns';
export { classifyTaskResource, functionNameOf } from './task-resources';
export type { TaskResource } from './task-resources';
export { parseDefinition, withWaitsAsLocalTasks } from './definition';
export { evaluateReferencePath } from './reference-path';
export type { HistoryEventRecord } from './history';
