// `e`: the object as YAML in the user's $EDITOR, applied on save (PUT with the resourceVersion it was
// opened at, so a concurrent change is a clear conflict). When the server refuses the edit, the edited
// text is kept with the error on top, and the next `e` on the same object reopens it to retry, as
// `kubectl edit` does. UI-free: the UI suspends the terminal around `runEditor`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import type { KObject } from '../../util/k8s.js';
import type { ResourceDef, SlimBase } from '../../resources/types.js';
import type { ActionOutcome, ActionService } from './actions.js';

export interface EditTarget {
  resource: ResourceDef;
  rec: SlimBase;
  original: KObject;
  file: string;
  /** The text as written to the file, to tell "saved unchanged" from a change. */
  written: string;
}

const kept = new Map<string, { original: KObject; text: string }>();

function yamlOf(obj: KObject): string {
  const copy = structuredClone(obj);
  delete copy.metadata.managedFields;
  return dump(copy, { noRefs: true, lineWidth: -1 });
}

/** Writes the object (or a kept failed edit of it) to a private temp file. */
export function prepareEdit(resource: ResourceDef, rec: SlimBase, fresh: KObject): EditTarget {
  const id = `${resource.plural}/${rec.key}`;
  const retry = kept.get(id);
  const original = retry?.original ?? fresh;
  const text =
    retry?.text ??
    `# Edit ${resource.singular} ${rec.namespace ? `${rec.namespace}/` : ''}${rec.name}. Save and quit to apply; quit without saving to cancel.\n${yamlOf(fresh)}`;
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-edit-'));
  const file = join(dir, `${resource.singular}-${rec.name}.yaml`);
  writeFileSync(file, text, { mode: 0o600 });
  return { resource, rec, original, file, written: text };
}

/** Runs $VISUAL / $EDITOR (default vi) on the file with the terminal; returns its exit code. */
export function runEditor(file: string, env: NodeJS.ProcessEnv = process.env): number {
  const editor = env['VISUAL'] || env['EDITOR'] || 'vi';
  const r = spawnSync(env['SHELL'] && /(^|\/)(ba|z|da)?sh$/.test(env['SHELL']) ? env['SHELL'] : 'sh', ['-c', `${editor} "$1"`, 'sh', file], {
    stdio: 'inherit',
  });
  return r.status ?? 1;
}

/** Reads the edited file and applies it; keeps a refused edit for the next `e`. */
export async function finishEdit(t: EditTarget, actions: ActionService, editorExit: number): Promise<ActionOutcome<unknown>> {
  const id = `${t.resource.plural}/${t.rec.key}`;
  let text: string;
  try {
    text = readFileSync(t.file, 'utf8');
  } catch (e) {
    return { ok: false, message: `cannot read the edited file: ${(e as Error).message}` };
  } finally {
    rmSync(join(t.file, '..'), { recursive: true, force: true });
  }
  if (editorExit !== 0) return { ok: false, message: `the editor exited with code ${editorExit}; nothing applied` };
  if (text === t.written) {
    kept.delete(id); // unchanged: cancelled (and a kept failed edit is given up)
    return { ok: true, message: 'Edit cancelled, no changes made.' };
  }
  const body = text.replace(/^(#[^\n]*\n)+/, '');
  const out = await actions.run('edit', t.resource, t.rec, { original: t.original, yaml: body });
  if (out.ok) kept.delete(id);
  else {
    const why = out.message.split('\n').map((l) => `# ${l}`).join('\n');
    kept.set(id, { original: t.original, text: `# The edit was refused; fix it and save again (quit without saving to give up):\n${why}\n${body}` });
  }
  return out;
}

/** Forget a kept failed edit (the user gave up). */
export function dropKeptEdit(resource: ResourceDef, rec: SlimBase): void {
  kept.delete(`${resource.plural}/${rec.key}`);
}
