/**
 * `TaskKeywords` (the loaded keywords of a task, model.ts) and `TASK_KEYWORDS` (their schemas,
 * keywords.ts) name the same keywords: the type-level half fails `tsc` when one gains a keyword
 * the other lacks; the run-time half checks the structural ones the type leaves out.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STRUCTURAL_KEYWORDS, TASK_KEYWORDS, type TaskKeywordName } from '../../src/playbook/keywords.js';
import type { TaskKeywords } from '../../src/playbook/model.js';

/** Keywords the loader turns into the task's shape rather than into `keywords`. */
type Structural = 'name' | 'args' | 'block' | 'rescue' | 'always' | 'import_tasks' | 'include_tasks' | 'import_role' | 'include_role';
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameKeywords: Same<keyof TaskKeywords, Exclude<TaskKeywordName, Structural>> = true;

test('the keywords left out of TaskKeywords are the structural ones, name and args', () => {
  assert.equal(sameKeywords, true);
  const left = ['name', 'args', 'block', 'rescue', 'always', 'import_tasks', 'include_tasks', 'import_role', 'include_role'];
  for (const k of left) assert.ok(k in TASK_KEYWORDS, k);
  for (const k of STRUCTURAL_KEYWORDS) assert.ok(left.includes(k), k);
});
