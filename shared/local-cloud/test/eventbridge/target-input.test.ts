import type { Target } from '@aws-sdk/client-eventbridge';
import { parseJsonPreservingNumbers, renderTargetInput, validateTargetInput } from '../../src/eventbridge';
import { evaluateJsonPath, parseJsonPath } from '../../src/eventbridge/json-path';
import { isValidScheduleExpression } from '../../src/eventbridge/schedule-expression';

const eventJson =
  '{"version":"0","id":"e-1","detail-type":"OrderPlaced","source":"stratus.orders","account":"123456789012",' +
  '"time":"2024-05-01T10:00:00Z","region":"us-east-1","resources":["arn:aws:s3:::media"],' +
  '"detail":{"order-id":"o-1","total":10.50,"lines":[{"sku":"A"},{"sku":"B"}],"note":"say \\"hi\\"\\n"}}';
const context = {
  event: parseJsonPreservingNumbers(eventJson) as Record<string, unknown>,
  eventJson,
  ruleName: 'r',
  ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/r',
  ingestionTime: '2024-05-01T10:00:00.123Z',
};
const render = (target: Omit<Target, 'Id' | 'Arn'>) =>
  renderTargetInput({ Id: 't', Arn: 'arn:aws:sqs:us-east-1:123456789012:q', ...target }, context);

describe('JSON paths', () => {
  it('evaluates the subset EventBridge supports', () => {
    const event = context.event;
    const at = (path: string) => evaluateJsonPath(parseJsonPath(path), event);
    expect(at('$')).toEqual({ found: true, value: event });
    expect(at('$.detail.order-id')).toEqual({ found: true, value: 'o-1' });
    expect(at("$.detail['order-id']")).toEqual({ found: true, value: 'o-1' });
    expect(at('$.detail.lines[0].sku')).toEqual({ found: true, value: 'A' });
    expect(at('$.detail.lines[*].sku')).toEqual({ found: true, value: ['A', 'B'] });
    expect(at('$.resources[0]')).toEqual({ found: true, value: 'arn:aws:s3:::media' });
    expect(at('$.detail.missing')).toEqual({ found: false });
    expect(at('$.detail.lines[5]')).toEqual({ found: false });
  });

  it.each(['detail', '$..detail', '$.detail[?(@.x)]', '$.detail.', '$[-1]'])('refuses %s', (path) => {
    expect(() => parseJsonPath(path)).toThrow();
  });
});

describe('target input', () => {
  it('keeps numbers as published when sending a part of the event', () => {
    expect(render({ InputPath: '$.detail.total' })).toBe('10.50');
    expect(render({ InputPath: '$.detail.missing' })).toBe('null');
  });

  it('escapes strings placed inside quotes and quotes strings placed outside', () => {
    const payload = render({
      InputTransformer: {
        InputPathsMap: { note: '$.detail.note', id: '$.detail.order-id', lines: '$.detail.lines' },
        InputTemplate:
          '{"quoted": "<note>", "bare": <note>, "id": <id>, "lines": <lines>, "inline": "<lines>"}',
      },
    });
    expect(JSON.parse(payload)).toEqual({
      quoted: 'say "hi"\n',
      bare: 'say "hi"\n',
      id: 'o-1',
      lines: [{ sku: 'A' }, { sku: 'B' }],
      inline: '[{"sku":"A"},{"sku":"B"}]',
    });
  });

  it('inserts bare text outside quotes in a plain-text template', () => {
    expect(
      render({
        InputTransformer: { InputPathsMap: { id: '$.detail.order-id' }, InputTemplate: 'order <id> placed' },
      }),
    ).toBe('order o-1 placed');
  });

  it('does not take a quote inside a JSON string for the end of the string', () => {
    const payload = render({
      InputTransformer: {
        InputPathsMap: { id: '$.detail.order-id' },
        InputTemplate: '{"a": "x\\"y", "b": <id>}',
      },
    });
    expect(JSON.parse(payload)).toEqual({ a: 'x"y', b: 'o-1' });
  });

  it.each<[string, Omit<Target, 'Id' | 'Arn'>, RegExp]>([
    [
      'two input options',
      { Input: '{}', InputPath: '$' },
      /Only one of Input, InputPath, or InputTransformer/,
    ],
    ['Input that is not JSON', { Input: 'not json' }, /Input for target t is not valid JSON text/],
    ['an unsupported InputPath', { InputPath: '$..x' }, /InputPath for target t is not valid/],
    [
      'a transformer without template',
      { InputTransformer: { InputTemplate: '' } },
      /InputTemplate is required/,
    ],
    [
      'a reserved variable name',
      { InputTransformer: { InputPathsMap: { 'aws.events.rule-name': '$.id' }, InputTemplate: '<x>' } },
      /reserved variable name/,
    ],
    [
      'a malformed variable name',
      { InputTransformer: { InputPathsMap: { 'a b': '$.id' }, InputTemplate: '<x>' } },
      /invalid variable name/,
    ],
    [
      'an unsupported variable path',
      { InputTransformer: { InputPathsMap: { x: 'detail.id' }, InputTemplate: '<x>' } },
      /InputPathsMap.x of target t is not valid/,
    ],
  ])('refuses %s', (_description, options, message) => {
    expect(() => validateTargetInput({ Id: 't', Arn: 'arn:aws:sqs:us-east-1:1:q', ...options })).toThrow(
      message,
    );
  });
});

describe('schedule expressions', () => {
  it.each([
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(1 hour)',
    'rate(12 hours)',
    'rate(1 day)',
    'cron(0 2 * * ? *)',
    'cron(0/15 * ? * MON-FRI *)',
    'cron(0 10 L * ? *)',
  ])('accepts %s', (expression) => expect(isValidScheduleExpression(expression)).toBe(true));

  it.each([
    'rate(0 minutes)',
    'rate(1 minutes)',
    'rate(5 minute)',
    'rate(5 weeks)',
    'cron(0 2 * * *)',
    'cron(0 2 * * MON *)',
    'every day',
    '',
  ])('refuses %s', (expression) => expect(isValidScheduleExpression(expression)).toBe(false));
});
