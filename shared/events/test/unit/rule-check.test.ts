import { join } from 'node:path';
import { catalog } from '../../src';
import { checkRulePatterns } from '../../src/checks/check-rule-patterns';
import { findEventPatterns } from '../../src/checks/find-event-patterns';
import { loadServicePatterns } from '../../src/checks/load-service-patterns';
import { parseServerlessYaml, ServerlessYamlError } from '../../src/checks/parse-serverless-yaml';

const fixtures = join(__dirname, '..', 'fixtures', 'repos');

describe('parseServerlessYaml', () => {
  it('keeps CloudFormation short-form functions as their long JSON form', () => {
    const parsed = parseServerlessYaml(
      [
        'a: !Ref Bucket',
        'b: !GetAtt Queue.Arn',
        'c: !GetAtt [Rule, Arn]',
        "d: !Sub 'x-${AWS::Region}'",
        'e: !ImportValue',
        '  Fn::Sub: stratus-${sls:stage}-Bus',
        "f: !If [IsProd, !Ref A, !Join ['-', [x, !Ref B]]]",
        'g: !Select [0, !GetAZs ""]',
      ].join('\n'),
      'inline.yml',
    );
    expect(parsed).toEqual({
      a: { Ref: 'Bucket' },
      b: { 'Fn::GetAtt': 'Queue.Arn' },
      c: { 'Fn::GetAtt': ['Rule', 'Arn'] },
      d: { 'Fn::Sub': 'x-${AWS::Region}' },
      e: { 'Fn::ImportValue': { 'Fn::Sub': 'stratus-${sls:stage}-Bus' } },
      f: { 'Fn::If': ['IsProd', { Ref: 'A' }, { 'Fn::Join': ['-', ['x', { Ref: 'B' }]] }] },
      g: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
    });
  });

  it('names the file when the YAML is broken', () => {
    expect(() => parseServerlessYaml('functions:\n  a: [1, 2\n', 'services/x/serverless.yml')).toThrow(
      ServerlessYamlError,
    );
    expect(() => parseServerlessYaml('functions:\n  a: [1, 2\n', 'services/x/serverless.yml')).toThrow(
      /^services\/x\/serverless\.yml: /,
    );
  });
});

describe('findEventPatterns', () => {
  it('finds function, state machine and AWS::Events::Rule patterns and skips schedules', () => {
    const { patterns } = loadServicePatterns(join(fixtures, 'valid'));
    expect(patterns.map((found) => `${found.file} ${found.rule}`)).toEqual([
      'services/inventory/serverless.yml functions.onOrderEvents.events[0].eventBridge',
      'services/inventory/serverless.yml resources.Resources.OrderEventsRule',
      'services/media-pipeline/serverless.yml functions.register.events[0].eventBridge',
      'services/media-pipeline/serverless.yml functions.render.events[0].eventBridge',
      'services/media-pipeline/serverless.yml stepFunctions.stateMachines.aggregate.events[0].eventBridge',
      'services/orders/serverless.yml functions.onReservationOutcome.events[0].eventBridge',
      'services/orders/serverless.yml resources.Resources.ReservedToPaymentRule',
    ]);
  });

  it('reads an EventPattern written as a JSON string', () => {
    const [found] = findEventPatterns(
      {
        resources: {
          Resources: {
            R: { Type: 'AWS::Events::Rule', Properties: { EventPattern: '{"source":["aws.s3"]}' } },
          },
        },
      },
      'f.yml',
    );
    expect(found?.pattern).toEqual({ source: ['aws.s3'] });
  });

  it('reads resources given as a list of fragments (`resources: - Resources: ...`), as osls merges them', () => {
    const config = parseServerlessYaml(
      [
        'resources:',
        '  - Resources:',
        '      Queue: { Type: AWS::SQS::Queue }',
        '      SagaRule:',
        '        Type: AWS::Events::Rule',
        '        Properties:',
        '          EventPattern:',
        '            source: [stratus.inventory]',
        '            detail-type: [InventoryReserved, InventoryReservationFailled]',
        '  - Outputs:',
        '      QueueUrl: { Value: !Ref Queue }',
        '  - Resources:',
        '      OtherRule:',
        '        Type: AWS::Events::Rule',
        `        Properties: { EventPattern: '{"source":["stratus.orders"]}' }`,
      ].join('\n'),
      'services/orders/serverless.yml',
    );
    const found = findEventPatterns(config, 'services/orders/serverless.yml');
    expect(found.map(({ rule, pattern }) => [rule, pattern])).toEqual([
      [
        'resources[0].Resources.SagaRule',
        {
          source: ['stratus.inventory'],
          'detail-type': ['InventoryReserved', 'InventoryReservationFailled'],
        },
      ],
      ['resources[2].Resources.OtherRule', { source: ['stratus.orders'] }],
    ]);
    expect(checkRulePatterns(found, catalog).map(({ rule, value }) => [rule, value])).toEqual([
      ['resources[0].Resources.SagaRule', 'InventoryReservationFailled'],
    ]);
  });

  it('finds nothing in a file without rules, or when there are no services', () => {
    expect(findEventPatterns({ service: 'x', functions: { a: { handler: 'h' } } }, 'f.yml')).toEqual([]);
    expect(findEventPatterns(null, 'f.yml')).toEqual([]);
    expect(loadServicePatterns(join(fixtures, 'does-not-exist'))).toEqual({ files: [], patterns: [] });
  });
});

describe('checkRulePatterns', () => {
  it('passes every rule of the valid fixtures (catalog events, $or branches, aws.s3 Object Created)', () => {
    const { files, patterns } = loadServicePatterns(join(fixtures, 'valid'));
    expect(files).toHaveLength(3);
    expect(checkRulePatterns(patterns, catalog)).toEqual([]);
  });

  it('reports file, rule and value for each unknown source or detail-type in the invalid fixtures', () => {
    const { patterns } = loadServicePatterns(join(fixtures, 'invalid'));
    const problems = checkRulePatterns(patterns, catalog);
    expect(problems.map(({ file, rule, field, value }) => [file, rule, field, value])).toEqual([
      ['services/inventory/serverless.yml', 'functions.everything.events[0].eventBridge', 'source', 'null'],
      [
        'services/inventory/serverless.yml',
        'functions.prefixed.events[0].eventBridge',
        'source',
        '{"prefix":"stratus."}',
      ],
      [
        'services/inventory/serverless.yml',
        'functions.prefixed.events[0].eventBridge',
        'detail-type',
        'OrderPlaced',
      ],
      [
        'services/inventory/serverless.yml',
        'functions.variable.events[0].eventBridge',
        'source',
        '${self:custom.ordersSource}',
      ],
      [
        'services/inventory/serverless.yml',
        'functions.variable.events[0].eventBridge',
        'detail-type',
        'OrderPlaced',
      ],
      [
        'services/orders/serverless.yml',
        'functions.onReservationOutcome.events[0].eventBridge',
        'detail-type',
        'InventoryReservationFailled',
      ],
      [
        'services/orders/serverless.yml',
        'functions.typoSource.events[0].eventBridge',
        'source',
        'stratus.inventroy',
      ],
      [
        'services/orders/serverless.yml',
        'functions.typoSource.events[0].eventBridge',
        'detail-type',
        'StockLow',
      ],
      [
        'services/orders/serverless.yml',
        'resources.Resources.WrongSourceRule',
        'detail-type',
        'InventoryReserved',
      ],
    ]);
    const messages = problems.map((problem) => problem.message);
    expect(messages).toContain('no catalog contract defines detail-type "InventoryReservationFailled"');
    expect(messages).toContain('no catalog contract has source "stratus.inventroy"');
    expect(messages).toContain(
      '"InventoryReserved" is defined for stratus.inventory, not for stratus.orders',
    );
    expect(messages).toContain('pattern names no source: it would receive every event on the bus');
  });

  it('checks each $or branch on its own', () => {
    const problems = checkRulePatterns(
      [
        {
          file: 'f.yml',
          rule: 'r',
          pattern: {
            $or: [
              { source: ['stratus.orders'], 'detail-type': ['OrderPlaced'] },
              { source: ['stratus.orders'], 'detail-type': ['StockLow'] },
            ],
          },
        },
      ],
      catalog,
    );
    expect(problems.map((problem) => problem.value)).toEqual(['StockLow']);
  });

  it('allows a source without detail-types, and refuses a pattern that is not an object', () => {
    const problems = checkRulePatterns(
      [
        { file: 'f.yml', rule: 'all-orders', pattern: { source: ['stratus.orders'] } },
        { file: 'f.yml', rule: 'broken', pattern: 'not json' },
      ],
      catalog,
    );
    expect(problems.map((problem) => [problem.rule, problem.field])).toEqual([['broken', 'pattern']]);
  });
});
