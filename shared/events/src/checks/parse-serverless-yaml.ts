import { parseDocument, type Tags, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * CloudFormation's short-form intrinsic functions. Each one parses to its long JSON form
 * (`!Ref X` -> `{ Ref: 'X' }`, `!GetAtt [A, Arn]` -> `{ 'Fn::GetAtt': ['A', 'Arn'] }`) so the
 * rest of a serverless.yml stays readable as data.
 */
const INTRINSICS = [
  'Ref',
  'Condition',
  'GetAtt',
  'Sub',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'If',
  'Equals',
  'And',
  'Or',
  'Not',
  'FindInMap',
  'Base64',
  'Cidr',
  'GetAZs',
  'Transform',
  'ToJsonString',
  'Length',
];

const longName = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);

const toData = (node: YAMLMap.Parsed | YAMLSeq.Parsed): unknown => node.toJSON();

export const cloudFormationTags: Tags = INTRINSICS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => ({ [longName(name)]: value }) },
  {
    tag: `!${name}`,
    collection: 'seq' as const,
    resolve: (node: YAMLSeq.Parsed | YAMLMap.Parsed) => ({ [longName(name)]: toData(node) }),
  },
  {
    tag: `!${name}`,
    collection: 'map' as const,
    resolve: (node: YAMLSeq.Parsed | YAMLMap.Parsed) => ({ [longName(name)]: toData(node) }),
  },
]);

export class ServerlessYamlError extends Error {
  override readonly name = 'ServerlessYamlError';
}

/** Parses a serverless.yml, CloudFormation tags included; syntax errors name the file and line. */
export function parseServerlessYaml(text: string, file: string): unknown {
  const document = parseDocument(text, { customTags: cloudFormationTags, logLevel: 'silent' });
  if (document.errors.length > 0) {
    throw new ServerlessYamlError(`${file}: ${document.errors.map((error) => error.message).join('; ')}`);
  }
  return document.toJS({ maxAliasCount: 1000 });
}
