import catalogSchemaResources from '../../resources/schemas';

const { schemaLogicalId } = catalogSchemaResources as unknown as {
  schemaLogicalId: (name: string) => string;
};

describe('schemaLogicalId', () => {
  it('turns a registry schema name into an alphanumeric CloudFormation logical id', () => {
    expect(schemaLogicalId('stratus.media-pipeline@MediaUploaded.v2')).toBe(
      'SchemaStratusMediaPipelineMediaUploadedV2',
    );
  });
});
