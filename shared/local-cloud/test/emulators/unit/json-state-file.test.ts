import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readJsonState, writeJsonState } from '../../../src/emulators/support/json-state-file';

describe('the JSON state file of an emulator', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'json-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has no state before the first save', () => {
    expect(readJsonState(path.join(dir, 'state.json'), 'test-emulator')).toBeUndefined();
  });

  it('reads back what it saved, leaving no temporary file behind', () => {
    const file = path.join(dir, 'state.json');
    writeJsonState(file, { machines: [{ name: 'a' }] });
    writeJsonState(file, { machines: [{ name: 'b' }] }, 2);
    expect(readJsonState(file, 'test-emulator')).toEqual({ machines: [{ name: 'b' }] });
    expect(readFileSync(file, 'utf8')).toBe('{\n  "machines": [\n    {\n      "name": "b"\n    }\n  ]\n}');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('stops on a corrupt file, naming the emulator, the file and the way out', () => {
    const file = path.join(dir, 'state.json');
    writeFileSync(file, '{"machines": [');
    expect(() => readJsonState(file, 'test-emulator')).toThrow(
      new RegExp(`^test-emulator: ${file} is corrupt \\(.+\\); delete it or start with --fresh$`),
    );
  });

  it('stops on a file it cannot read instead of starting empty and overwriting it', () => {
    const file = path.join(dir, 'state.json');
    mkdirSync(file);
    expect(() => readJsonState(file, 'test-emulator')).toThrow(
      new RegExp(`^test-emulator: ${file} cannot be read \\(.*EISDIR.*\\)`),
    );
  });
});
