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
import type { DetailLoader } from './detail.js';

export interface EditTarget {
  resource: ResourceDef;
  rec: SlimBase;
  original: KObject;
  file: string;
  /** The text as written to the file, to tell "saved unchanged" from a change. */
  written: string;
}

function yamlOf(obj: KObject): string {
  const copy = structuredClone(obj);
  delete copy.metadata.managedFields;
  return dump(copy, { noRefs: true, lineWidth: -1 });
}

/** Runs $VISUAL / $EDITOR (default vi) on the file with the terminal; returns its exit code. */
export function runEditor(file: string, env: NodeJS.ProcessEnv = process.env): number {
  const editor = env['VISUAL'] || env['EDITOR'] || 'vi';
  const r = spawnSync(env['SHELL'] && /(^|\/)(ba|z|da)?sh$/.test(env['SHELL']) ? env['SHELL'] : 'sh', ['-c', `${editor} "$1"`, 'sh', file], {
    stdio: 'inherit',
  });
  return r.status ?? 1;
}

/**
 * `e` as a service of the connection: the object's YAML in a private temp file, then what was saved is
 * applied. A refused edit is kept (per connection, not per process) and reopened by the next `e` on it.
 */
export class EditService {
  private readonly kept = new Map<string, { original: KObject; text: string }>();

  constructor(
    private readonly actions: ActionService,
    private readonly load: DetailLoader,
  ) {}

  /** Fetches the object and writes it (or a kept failed edit of it) to a private temp file. */
  async prepare(resource: ResourceDef, rec: SlimBase): Promise<EditTarget | string> {
    try {
      const fresh = (await this.load(resource, rec)).object;
      const id = `${resource.plural}/${rec.key}`;
      const retry = this.kept.get(id);
      const original = retry?.original ?? fresh;
      const text =
        retry?.text ??
        `# Edit ${resource.singular} ${rec.namespace ? `${rec.namespace}/` : ''}${rec.name}. Save and quit to apply; quit without saving to cancel.\n${yamlOf(fresh)}`;
      const dir = mkdtempSync(join(tmpdir(), 'kubedeck-edit-'));
      const file = join(dir, `${resource.singular}-${rec.name}.yaml`);
      writeFileSync(file, text, { mode: 0o600 });
      return { resource, rec, original, file, written: text };
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  /** Reads the edited file and applies it; keeps a refused edit for the next `e`. */
  async finish(t: EditTarget, editorExit: number): Promise<ActionOutcome<unknown>> {
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
      this.kept.delete(id); // unchanged: cancelled (and a kept failed edit is given up)
      return { ok: true, message: 'Edit cancelled, no changes made.' };
    }
    const body = text.replace(/^(#[^\n]*\n)+/, '');
    const out = await this.actions.run('edit', t.resource, t.rec, { original: t.original, yaml: body });
    if (out.ok) this.kept.delete(id);
    else {
      const why = out.message.split('\n').map((l) => `# ${l}`).join('\n');
      this.kept.set(id, { original: t.original, text: `# The edit was refused; fix it and save again (quit without saving to give up):\n${why}\n${body}` });
    }
    return out;
  }
}
