import { catalog, detailJsonSchema, InventoryReserved, StockLow } from '../../src';
import { checkDocsFresh } from '../../src/checks/check-docs-fresh';
import { renderEventsMarkdown } from '../../src/docs/render-events-markdown';

describe('renderEventsMarkdown', () => {
  const markdown = renderEventsMarkdown(catalog);

  it('documents every contract: heading, source, detail-type, version, publisher, consumers, example and schema', () => {
    for (const contract of catalog) {
      expect(markdown).toContain(`### ${contract.detailType} v${contract.version}`);
      expect(markdown).toContain(`- Source: \`${contract.source}\``);
      expect(markdown).toContain(`- Detail-type: \`${contract.detailType}\``);
      expect(markdown).toContain(`- Publisher: ${contract.publisher}`);
      expect(markdown).toContain(contract.description);
      expect(markdown).toContain(JSON.stringify(contract.examples[0], null, 2));
      expect(markdown).toContain(JSON.stringify(detailJsonSchema(contract), null, 2));
    }
    expect(markdown).toContain('- Consumers: orders');
    expect(markdown).toContain('| [StockLow](#stocklow-v1) | 1 | inventory | (none yet) |');
  });

  it('groups events under their bounded context, in catalog order', () => {
    const headings = markdown.split('\n').filter((line) => line.startsWith('## ') || line.startsWith('### '));
    expect(headings.slice(0, 5)).toEqual([
      '## Orders',
      '### OrderPlaced v1',
      '### OrderConfirmed v1',
      '### OrderCancelled v1',
      '## Inventory',
    ]);
    expect(headings.filter((heading) => heading.startsWith('## '))).toEqual([
      '## Orders',
      '## Inventory',
      '## Media',
      '## IoT',
      '## Batch reports',
    ]);
  });

  it('is deterministic and changes when a contract changes', () => {
    expect(renderEventsMarkdown(catalog)).toBe(markdown);
    expect(renderEventsMarkdown([InventoryReserved, StockLow])).not.toBe(markdown);
  });
});

describe('checkDocsFresh', () => {
  it('passes the exact expected text', () => {
    expect(checkDocsFresh('docs/events.md', 'a\nb\n', 'a\nb\n')).toEqual([]);
  });

  it('fails a stale file, saying where it differs and how to fix it', () => {
    expect(checkDocsFresh('docs/events.md', 'a\nold\n', 'a\nnew\n')).toEqual([
      {
        file: 'docs/events.md',
        message:
          'docs/events.md is stale (first difference at line 2): the contracts changed since it was generated; run `npm run docs:events` and commit it',
      },
    ]);
    expect(checkDocsFresh('docs/events.md', 'a\nb\nextra\n', 'a\nb\n')[0]?.message).toContain('line 3');
  });

  it('fails a missing file', () => {
    expect(checkDocsFresh('docs/events.md', undefined, 'a')[0]?.message).toBe(
      'docs/events.md is missing: run `npm run docs:events` and commit it',
    );
  });
});
