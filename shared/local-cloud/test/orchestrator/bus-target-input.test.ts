import { busTargetInput } from '../../src/config/bus-target-input';

describe('the input a derived target hands over', () => {
  it('is nothing when the target takes the whole event', () => {
    expect(busTargetInput({})).toEqual({});
  });

  it('maps Input and InputPath as they are', () => {
    expect(busTargetInput({ input: '{"fixed":true}' })).toEqual({ Input: '{"fixed":true}' });
    expect(busTargetInput({ inputPath: '$.detail' })).toEqual({ InputPath: '$.detail' });
  });

  it('maps an InputTransformer with or without its paths', () => {
    expect(
      busTargetInput({
        inputTransformer: { inputTemplate: '{"id": <id>}', inputPathsMap: { id: '$.detail.id' } },
      }),
    ).toEqual({ InputTransformer: { InputTemplate: '{"id": <id>}', InputPathsMap: { id: '$.detail.id' } } });
    expect(busTargetInput({ inputTransformer: { inputTemplate: '"constant"' } })).toEqual({
      InputTransformer: { InputTemplate: '"constant"' },
    });
  });
});
