'use strict';

/**
 * Per-stage values every service reads with `${param:<name>}`. `default` applies to every stage
 * and a stage section overrides it (osls `params` semantics).
 *
 * The bus name and ARN are CloudFormation imports of the event-bus stack's exports: they are
 * resolved by CloudFormation at deploy time, so `serverless package` needs no AWS credentials,
 * and CloudFormation refuses to delete or rename the bus while a service still imports it.
 * Locally (`local`) there is no CloudFormation: the local cloud's bus is `stratus-local`.
 */
const STAGE_PARAMS = Object.freeze({
  default: {
    costCenter: 'stratus-platform',
    memorySize: 1024,
    timeout: 10,
    logRetentionInDays: 14,
    logLevel: 'INFO',
    tracingEnabled: 'true',
    powertoolsDev: 'false',
    // Alarm thresholds (count per 5-minute period unless named otherwise).
    functionErrorsAlarmThreshold: 5,
    functionThrottlesAlarmThreshold: 5,
    dlqDepthAlarmThreshold: 1,
    failedInvocationsAlarmThreshold: 1,
    eventBusName: { 'Fn::ImportValue': 'stratus-${sls:stage}-EventBusName' },
    eventBusArn: { 'Fn::ImportValue': 'stratus-${sls:stage}-EventBusArn' },
  },
  local: {
    memorySize: 1024,
    logRetentionInDays: 1,
    logLevel: 'DEBUG',
    tracingEnabled: 'false',
    powertoolsDev: 'true',
    functionErrorsAlarmThreshold: 1000,
    functionThrottlesAlarmThreshold: 1000,
    dlqDepthAlarmThreshold: 1000,
    failedInvocationsAlarmThreshold: 1000,
    eventBusName: 'stratus-local',
    eventBusArn: 'arn:aws:events:us-east-1:000000000000:event-bus/stratus-local',
  },
  dev: {
    memorySize: 512,
    logRetentionInDays: 7,
    logLevel: 'DEBUG',
    functionErrorsAlarmThreshold: 10,
    functionThrottlesAlarmThreshold: 10,
    dlqDepthAlarmThreshold: 10,
    failedInvocationsAlarmThreshold: 10,
  },
  staging: {
    memorySize: 1024,
    logRetentionInDays: 30,
    logLevel: 'INFO',
    functionErrorsAlarmThreshold: 5,
    functionThrottlesAlarmThreshold: 5,
    dlqDepthAlarmThreshold: 5,
    failedInvocationsAlarmThreshold: 5,
  },
  prod: {
    memorySize: 1024,
    logRetentionInDays: 90,
    logLevel: 'INFO',
    functionErrorsAlarmThreshold: 1,
    functionThrottlesAlarmThreshold: 1,
    dlqDepthAlarmThreshold: 1,
    failedInvocationsAlarmThreshold: 1,
  },
});

const STAGES = Object.freeze(['local', 'dev', 'staging', 'prod']);

module.exports = { STAGE_PARAMS, STAGES };
