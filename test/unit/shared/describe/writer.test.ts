// Go text/tabwriter semantics as kubectl describe configures them (padding 2, spaces), and the
// prefix writer's indentation and terminal escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrefixWriter, TabWriter, tabbedString } from '../../../../shared/describe/writer.js';

function tab(text: string): string {
  const w = new TabWriter();
  w.write(text);
  return w.toString();
}

test('cells of one block align two spaces past the widest', () => {
  assert.equal(tab('Name:\tweb\nNamespace:\tdefault\n'), 'Name:       web\nNamespace:  default\n');
});

test('a line without a tab ends the block above it', () => {
  assert.equal(
    tab('Labels:\tapp=web\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/web\n'),
    'Labels:  app=web\nIPs:\n  IP:           10.0.0.1\nControlled By:  ReplicaSet/web\n',
  );
});

test('the last cell of a line is not aligned, and keeps its trailing spaces', () => {
  assert.equal(tab('Conditions:\n  Type\tStatus\n  Ready \tTrue \n'), 'Conditions:\n  Type    Status\n  Ready   True \n');
});

test('a line with fewer cells splits the column blocks to its right', () => {
  assert.equal(tab('a\tb\tc\nxxxx\ty\nz\tlonger\tw\n'), 'a     b  c\nxxxx  y\nz     longer  w\n');
});

test('an empty cell still takes its column width', () => {
  assert.equal(tab('  Namespace\tName\t\tAge\n  default\tweb-1\t\t5s\n'), '  Namespace  Name     Age\n  default    web-1    5s\n');
});

test('widths count code points, not UTF-16 units or bytes', () => {
  assert.equal(tab('é:\tx\nab:\ty\n'), 'é:   x\nab:  y\n');
});

test('text after the last newline is emitted on flush', () => {
  assert.equal(tab('a:\tb\nunfinished'), 'a:  b\nunfinished');
});

test('PrefixWriter indents two spaces a level, nests, and escapes terminal control characters', () => {
  const text = tabbedString((w) => {
    w.write(0, 'Top:\n');
    w.write(2, 'Deep:\tvalue \x1b[31mred\r\n');
    w.nested(1).writeLine('<none>');
  });
  assert.equal(text, 'Top:\n    Deep:  value ^[[31mred\\r\n  <none>\n');
});

test('flush makes what follows align on its own, as the Events table does', () => {
  const out = new TabWriter();
  const w = new PrefixWriter(out);
  w.write(0, 'A much longer label:\tx\n');
  w.flush();
  w.write(0, 'Events:\tnone\n');
  assert.equal(out.toString(), 'A much longer label:  x\nEvents:  none\n');
});
