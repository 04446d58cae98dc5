import type { CloudFormationTemplate } from '../../src';
import {
  logicalIdsOfType,
  onlyResourceOfType,
  resourceProperties,
  resourcesOfType,
  roleActions,
  roleStatements,
} from '../../src/testing';

const template: CloudFormationTemplate = {
  Resources: {
    OrdersTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'orders-dev' } },
    HealthLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7 } },
    WorkerLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
    Bare: { Type: 'AWS::SNS::Topic' },
    WorkerRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Policies: [
          {
            PolicyDocument: {
              Statement: [
                { Effect: 'Allow', Action: ['logs:PutLogEvents', 'xray:PutTraceSegments'], Resource: '*' },
                { Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:GetItem'], Resource: 'table' },
              ],
            },
          },
          {
            PolicyDocument: {
              Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'index' }],
            },
          },
        ],
      },
    },
    EmptyRole: { Type: 'AWS::IAM::Role', Properties: {} },
  },
};

describe('reading a packaged template', () => {
  it('gives the properties of a resource by logical id, an empty object when it declares none', () => {
    expect(resourceProperties(template, 'OrdersTable')).toEqual({ TableName: 'orders-dev' });
    expect(resourceProperties(template, 'Bare')).toEqual({});
  });

  it('names the logical id it cannot find', () => {
    expect(() => resourceProperties(template, 'Missing')).toThrow('the template has no resource Missing');
  });

  it('lists the resources of a type and their logical ids in template order', () => {
    expect(resourcesOfType(template, 'AWS::Logs::LogGroup')).toEqual([
      { RetentionInDays: 7 },
      { RetentionInDays: 30 },
    ]);
    expect(logicalIdsOfType(template, 'AWS::Logs::LogGroup')).toEqual(['HealthLogGroup', 'WorkerLogGroup']);
    expect(resourcesOfType(template, 'AWS::SQS::Queue')).toEqual([]);
  });

  it('gives the only resource of a type, and refuses none or several naming what it found', () => {
    expect(onlyResourceOfType(template, 'AWS::DynamoDB::Table')).toEqual({ TableName: 'orders-dev' });
    expect(() => onlyResourceOfType(template, 'AWS::SQS::Queue')).toThrow(
      'expected one AWS::SQS::Queue, the template has 0',
    );
    expect(() => onlyResourceOfType(template, 'AWS::Logs::LogGroup')).toThrow(
      'expected one AWS::Logs::LogGroup, the template has 2: HealthLogGroup, WorkerLogGroup',
    );
  });

  it('flattens the statements of every inline policy of a role, a single action as a list', () => {
    expect(roleStatements(template, 'WorkerRole')).toEqual([
      { Effect: 'Allow', Action: ['logs:PutLogEvents', 'xray:PutTraceSegments'], Resource: '*' },
      { Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:GetItem'], Resource: 'table' },
      { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: 'index' },
    ]);
    expect(roleStatements(template, 'EmptyRole')).toEqual([]);
  });

  it("lists a role's actions once each, sorted, without the logs and X-Ray basics", () => {
    expect(roleActions(template, 'WorkerRole')).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
  });
});
