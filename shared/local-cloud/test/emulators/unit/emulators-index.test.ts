import * as emulators from '../../../src/emulators';

describe('emulators index', () => {
  it('exports a start function per emulator and the helpers the orchestrator uses', () => {
    const functions = [
      'startDynamoDb',
      'createTablesFromCloudFormation',
      'createTableStreamReader',
      'startSqs',
      'createQueuesFromCloudFormation',
      'queueArn',
      'queueUrlFromArn',
      'queueArnFromUrl',
      'startS3',
      'toS3NotificationRecord',
      'toEventBridgeObjectEvent',
      'startSsmSecrets',
      'readSeedFile',
      'startStepFunctions',
      'startTimestream',
      'startIot',
      'parseTopicRuleSql',
      'evaluateTopicRule',
      'topicMatches',
      'localClientConfig',
    ] as const;
    for (const name of functions) expect(typeof emulators[name]).toBe('function');
    expect(new emulators.PortInUseError('sqs', 9324).message).toBe(
      'sqs: port 9324 is already in use (choose another port for sqs or stop what holds 9324)',
    );
  });
});
