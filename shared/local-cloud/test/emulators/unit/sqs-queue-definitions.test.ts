import fc from 'fast-check';
import {
  parseQueueArn,
  queueArn,
  queueArnFromUrl,
  queueDefinitionsFromCloudFormation,
  queueUrl,
  queueUrlFromArn,
} from '../../../src/emulators/sqs';
import resources from '../fixtures/orders-queues.json';

describe('queue addresses', () => {
  it('builds local ARNs and URLs', () => {
    expect(queueArn('orders')).toBe('arn:aws:sqs:us-east-1:000000000000:orders');
    expect(queueUrl('http://127.0.0.1:9324/', 'orders')).toBe('http://127.0.0.1:9324/000000000000/orders');
    expect(queueUrlFromArn('http://127.0.0.1:9324', 'arn:aws:sqs:us-east-1:000000000000:a.fifo')).toBe(
      'http://127.0.0.1:9324/000000000000/a.fifo',
    );
  });

  it('reads the region of an AWS queue URL and falls back to the local one', () => {
    expect(queueArnFromUrl('https://sqs.eu-west-1.amazonaws.com/123456789012/orders')).toBe(
      'arn:aws:sqs:eu-west-1:123456789012:orders',
    );
    expect(queueArnFromUrl('http://127.0.0.1:9324/000000000000/orders')).toBe(
      'arn:aws:sqs:us-east-1:000000000000:orders',
    );
  });

  it('rejects what is not a queue ARN or URL', () => {
    expect(() => parseQueueArn('arn:aws:sns:us-east-1:000000000000:topic')).toThrow(/not an SQS queue ARN/);
    expect(() => queueArnFromUrl('http://127.0.0.1:9324/orders')).toThrow(/not an SQS queue URL/);
    expect(() => queueArnFromUrl('http://127.0.0.1:9324/000000000000/orders/extra')).toThrow(
      /not an SQS queue URL/,
    );
  });

  it('round-trips ARN -> URL -> ARN for any valid queue name', () => {
    const queueName = fc
      .tuple(fc.stringMatching(/^[A-Za-z0-9_-]{1,75}$/), fc.boolean())
      .map(([name, fifo]) => (fifo ? `${name}.fifo` : name));
    fc.assert(
      fc.property(queueName, (name) => {
        const arn = queueArn(name);
        expect(parseQueueArn(arn).queueName).toBe(name);
        expect(queueArnFromUrl(queueUrlFromArn('http://127.0.0.1:1234', arn))).toBe(arn);
      }),
    );
  });
});

describe('queueDefinitionsFromCloudFormation', () => {
  const definitions = queueDefinitionsFromCloudFormation(resources);
  const byId = Object.fromEntries(definitions.map((definition) => [definition.logicalId, definition]));

  it('orders dead-letter queues before the queues that redrive to them', () => {
    const order = definitions.map((definition) => definition.logicalId);
    expect(order).toHaveLength(4);
    expect(order.indexOf('ReservationsDlq')).toBeLessThan(order.indexOf('ReservationsQueue'));
    expect(order.indexOf('LedgerDlq')).toBeLessThan(order.indexOf('LedgerQueue'));
  });

  it('resolves Fn::GetAtt Arn of a dead-letter queue to its local ARN', () => {
    expect(byId.ReservationsQueue).toMatchObject({
      queueName: 'stratus-local-inventory-reservations',
      deadLetterLogicalId: 'ReservationsDlq',
      deadLetterQueueArn: 'arn:aws:sqs:us-east-1:000000000000:stratus-local-inventory-reservations-dlq',
      maxReceiveCount: 2,
      attributes: {
        VisibilityTimeout: '1',
        MessageRetentionPeriod: '1209600',
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:stratus-local-inventory-reservations-dlq',
          maxReceiveCount: 2,
        }),
      },
      tags: { service: 'inventory' },
      ignoredProperties: ['SqsManagedSseEnabled'],
    });
  });

  it('names unnamed FIFO queues after the logical id with .fifo and maps foreign-account ARNs to local ones', () => {
    expect(byId.LedgerDlq?.queueName).toBe('LedgerDlq.fifo');
    expect(byId.LedgerQueue).toMatchObject({
      queueName: 'LedgerQueue.fifo',
      deadLetterLogicalId: 'LedgerDlq',
      deadLetterQueueArn: 'arn:aws:sqs:us-east-1:000000000000:LedgerDlq.fifo',
      maxReceiveCount: 5,
      attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
    });
  });

  it('names the queue and property of a bad redrive target', () => {
    expect(() =>
      queueDefinitionsFromCloudFormation({
        A: {
          Type: 'AWS::SQS::Queue',
          Properties: {
            RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Nope', 'Arn'] }, maxReceiveCount: 1 },
          },
        },
      }),
    ).toThrow(/^A\.RedrivePolicy\.deadLetterTargetArn: Nope is not an AWS::SQS::Queue of this template/);
    expect(() =>
      queueDefinitionsFromCloudFormation({
        A: {
          Type: 'AWS::SQS::Queue',
          Properties: { RedrivePolicy: { deadLetterTargetArn: { Ref: 'B' }, maxReceiveCount: 1 } },
        },
        B: { Type: 'AWS::SQS::Queue' },
      }),
    ).toThrow(/^A\.RedrivePolicy\.deadLetterTargetArn: expected a queue ARN or/);
    expect(() =>
      queueDefinitionsFromCloudFormation({
        A: {
          Type: 'AWS::SQS::Queue',
          Properties: { RedrivePolicy: { deadLetterTargetArn: 'B.Arn', maxReceiveCount: 1 } },
        },
      }),
    ).toThrow(/expected an SQS queue ARN/);
  });

  it('accepts the "Logical.Arn" string form of Fn::GetAtt', () => {
    const [dlq, queue] = queueDefinitionsFromCloudFormation({
      A: {
        Type: 'AWS::SQS::Queue',
        Properties: {
          RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': 'B.Arn' }, maxReceiveCount: '3' },
        },
      },
      B: { Type: 'AWS::SQS::Queue' },
    });
    expect(dlq?.logicalId).toBe('B');
    expect(queue?.deadLetterQueueArn).toBe('arn:aws:sqs:us-east-1:000000000000:B');
  });

  it('reports redrive cycles, FIFO naming mistakes and unknown properties', () => {
    expect(() =>
      queueDefinitionsFromCloudFormation({
        A: {
          Type: 'AWS::SQS::Queue',
          Properties: {
            RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['B', 'Arn'] }, maxReceiveCount: 1 },
          },
        },
        B: {
          Type: 'AWS::SQS::Queue',
          Properties: {
            RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['A', 'Arn'] }, maxReceiveCount: 1 },
          },
        },
      }),
    ).toThrow(/redrive policies form a cycle \(A -> B -> A\)/);
    expect(() =>
      queueDefinitionsFromCloudFormation({
        A: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'a', FifoQueue: true } },
      }),
    ).toThrow(/A\.QueueName: a FIFO queue name must end with \.fifo/);
    expect(() =>
      queueDefinitionsFromCloudFormation({ A: { Type: 'AWS::SQS::Queue', Properties: { Visibility: 3 } } }),
    ).toThrow(/A\.Visibility: unknown AWS::SQS::Queue properties/);
  });
});
