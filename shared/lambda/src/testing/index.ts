export { lambdaContext } from './lambda-context';
