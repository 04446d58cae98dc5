import fc from 'fast-check';
import {
  classifyTaskResource,
  evaluateReferencePath,
  functionNameOf,
  parseDefinition,
  withWaitsAsLocalTasks,
} from '../../../src/emulators/stepfunctions';
import { MAX_TIMER_SECONDS, withTimerSafeTimeouts } from '../../../src/emulators/stepfunctions/definition';
import { isValidStatesName } from '../../../src/emulators/stepfunctions/arns';

describe('classifyTaskResource', () => {
  it('recognises Lambda ARNs with and without qualifier', () => {
    expect(classifyTaskResource('arn:aws:lambda:us-east-1:000000000000:function:reserve')).toEqual({
      kind: 'lambda-arn',
      functionName: 'reserve',
      resource: 'arn:aws:lambda:us-east-1:000000000000:function:reserve',
    });
    expect(classifyTaskResource('arn:aws:lambda:eu-west-1:123456789012:function:reserve:live')).toMatchObject(
      { functionName: 'reserve' },
    );
  });

  it('recognises lambda:invoke, other integrations and what is not supported', () => {
    expect(classifyTaskResource('arn:aws:states:::lambda:invoke')).toEqual({ kind: 'lambda-invoke' });
    expect(classifyTaskResource('arn:aws:states:::sqs:sendMessage')).toEqual({
      kind: 'service-integration',
      resource: 'arn:aws:states:::sqs:sendMessage',
    });
    expect(classifyTaskResource('arn:aws:states:::lambda:invoke.waitForTaskToken')).toMatchObject({
      kind: 'unsupported',
      reason: expect.stringContaining('task tokens'),
    });
    expect(classifyTaskResource('arn:aws:states:::states:startExecution.sync:2')).toMatchObject({
      kind: 'unsupported',
      reason: expect.stringContaining('.sync'),
    });
    expect(classifyTaskResource('arn:aws:states:us-east-1:000000000000:activity:approve')).toMatchObject({
      kind: 'unsupported',
      reason: expect.stringContaining('activities'),
    });
  });

  it('reads the function name out of every FunctionName form', () => {
    for (const reference of [
      'reserve',
      'reserve:live',
      'arn:aws:lambda:us-east-1:000000000000:function:reserve',
      'arn:aws:lambda:us-east-1:000000000000:function:reserve:7',
      '000000000000:function:reserve',
    ]) {
      expect(functionNameOf(reference)).toBe('reserve');
    }
    expect(() => functionNameOf('not a name!')).toThrow(/not a Lambda function name/);
  });
});

describe('evaluateReferencePath', () => {
  const input = { order: { items: [{ sku: 'A' }, { sku: 'B' }], 'odd key': 3 }, delay: 5 };
  const context = { Execution: { Input: { wait: 7 } } };

  it('follows dots, quoted brackets, indexes and the context object', () => {
    expect(evaluateReferencePath('$', input, context)).toBe(input);
    expect(evaluateReferencePath('$.delay', input, context)).toBe(5);
    expect(evaluateReferencePath('$.order.items[1].sku', input, context)).toBe('B');
    expect(evaluateReferencePath("$.order['odd key']", input, context)).toBe(3);
    expect(evaluateReferencePath('$$.Execution.Input.wait', input, context)).toBe(7);
    expect(evaluateReferencePath('$.order.missing.deeper', input, context)).toBeUndefined();
    expect(() => evaluateReferencePath('$..sku', input, context)).toThrow(
      /unsupported reference path syntax/,
    );
    expect(() => evaluateReferencePath('delay', input, context)).toThrow(/not a reference path/);
  });

  it('finds any value placed at any generated path', () => {
    const segment = fc.oneof(
      fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/).map((key) => ({ key, text: `.${key}` })),
      fc.stringMatching(/^[a-z ]{1,6}$/).map((key) => ({ key, text: `['${key}']` })),
      fc.nat({ max: 3 }).map((index) => ({ key: index, text: `[${index}]` })),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 5 }), fc.jsonValue(), (segments, leaf) => {
        let document: unknown = leaf;
        for (const { key } of [...segments].reverse()) {
          if (typeof key === 'number') {
            const array: unknown[] = Array.from({ length: key + 1 }, () => null);
            array[key] = document;
            document = array;
          } else {
            document = { [key]: document };
          }
        }
        const path = `$${segments.map((s) => s.text).join('')}`;
        expect(evaluateReferencePath(path, document, {})).toEqual(leaf);
      }),
    );
  });
});

describe('parseDefinition', () => {
  const machine = {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'Hold',
          States: {
            Hold: { Type: 'Wait', SecondsPath: '$.delay', Next: 'Work' },
            Work: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: 'w', 'Payload.$': '$' },
              End: true,
            },
          },
        },
        Next: 'Both',
      },
      Both: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Nap', States: { Nap: { Type: 'Wait', Seconds: 10, InputPath: '$.x', End: true } } },
        ],
        End: true,
      },
    },
  };

  it('collects tasks, waits and state types at every depth', () => {
    const parsed = parseDefinition(JSON.stringify(machine));
    expect([...parsed.tasks.keys()]).toEqual(['Work']);
    expect(Object.fromEntries(parsed.waits)).toEqual({
      Hold: { SecondsPath: '$.delay' },
      Nap: { Seconds: 10 },
    });
    expect(Object.fromEntries(parsed.stateTypes)).toEqual({
      Fan: 'Map',
      Hold: 'Wait',
      Work: 'Task',
      Both: 'Parallel',
      Nap: 'Wait',
    });
  });

  it('turns every Wait, nested ones included, into a local Task that keeps its paths and transitions', () => {
    const rewritten = withWaitsAsLocalTasks(
      parseDefinition(JSON.stringify(machine)).definition,
    ) as unknown as typeof machine;
    const hold = rewritten.States.Fan.ItemProcessor.States.Hold as Record<string, unknown>;
    const nap = rewritten.States.Both.Branches[0]?.States.Nap as Record<string, unknown>;
    // (asl-validator adds QueryLanguage: JSONPath to each state while validating.)
    const { QueryLanguage: _a, ...holdFields } = hold;
    const { QueryLanguage: _b, ...napFields } = nap;
    expect(holdFields).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::local:wait',
      TimeoutSeconds: MAX_TIMER_SECONDS,
      Next: 'Work',
    });
    expect(napFields).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::local:wait',
      TimeoutSeconds: MAX_TIMER_SECONDS,
      InputPath: '$.x',
      End: true,
    });
    expect(machine.States.Fan.ItemProcessor.States.Hold.Type).toBe('Wait');
  });

  it('caps TimeoutSeconds at what a Node timer can hold, at every depth', () => {
    const capped = withTimerSafeTimeouts({
      TimeoutSeconds: 99_999_999,
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'T',
            States: {
              T: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke',
                TimeoutSeconds: 99_999_999,
                End: true,
              },
            },
          },
          End: true,
        },
      },
    } as never) as unknown as {
      TimeoutSeconds: number;
      States: { M: { ItemProcessor: { States: { T: { TimeoutSeconds: number } } } } };
    };
    expect(MAX_TIMER_SECONDS).toBe(2_147_483);
    expect(capped.TimeoutSeconds).toBe(MAX_TIMER_SECONDS);
    expect(capped.States.M.ItemProcessor.States.T.TimeoutSeconds).toBe(MAX_TIMER_SECONDS);
  });

  it('answers InvalidDefinition for bad JSON, schema errors, JSONata and duplicate state names', () => {
    expect(() => parseDefinition('{')).toThrow(
      /^Invalid State Machine Definition: the definition is not JSON/,
    );
    expect(() => parseDefinition(JSON.stringify({ StartAt: 'Nope', States: {} }))).toThrow(
      /Invalid State Machine Definition/,
    );
    expect(() =>
      parseDefinition(
        JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Succeed' } } }),
      ),
    ).toThrow(/JSONata/);
    const duplicate = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'M2',
            States: { M2: { Type: 'Pass', Next: 'Done' }, Done: { Type: 'Succeed' } },
          },
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    };
    expect(() => parseDefinition(JSON.stringify(duplicate))).toThrow(/DUPLICATE_STATE_NAMES?: .*Done/);
  });
});

describe('isValidStatesName', () => {
  it('accepts AWS-valid names and refuses whitespace, wildcards, brackets and control characters', () => {
    for (const name of ['order-saga', 'run_1', 'Ünïcode', 'a'.repeat(80)])
      expect(isValidStatesName(name)).toBe(true);
    for (const name of [
      '',
      'a'.repeat(81),
      'has space',
      'star*',
      'br[a]ce',
      'colon:',
      'slash/',
      'tab\t',
      'nul\u0000',
      'c1\u0085',
    ]) {
      expect(isValidStatesName(name)).toBe(false);
    }
  });
});
