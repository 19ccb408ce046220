import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BecomeNegotiation } from '../../src/connection/become-negotiation.js';
import { newMarkers } from '../../src/connection/remote-command.js';

const m = newMarkers();
const outer = `${m.outer} 1234\n`;

test('sudo: answers its prompt once; a second prompt means a wrong password', () => {
  const n = new BecomeNegotiation({ method: 'sudo', user: 'root', password: 'pw' }, m);
  assert.equal(n.step(outer).action, 'wait');
  assert.equal(n.step(outer + m.prompt).action, 'send-password');
  assert.equal(n.step(outer + m.prompt).action, 'wait');
  const second = n.step(`${outer}${m.prompt}Sorry, try again.\n${m.prompt}`);
  assert.ok(second.action === 'fail' && second.error.kind === 'incorrect password');
  assert.ok(second.action === 'fail' && second.error.detail === 'Sorry, try again.');
});

test('a prompt without a password to give is "password required"', () => {
  const n = new BecomeNegotiation({ method: 'sudo', user: 'root' }, m);
  const s = n.step(`${outer}[sudo] password for app: `);
  assert.ok(s.action === 'fail' && s.error.kind === 'password required');
});

test('su: its localised prompt is recognised and answered', () => {
  const n = new BecomeNegotiation({ method: 'su', user: 'app', password: 'pw' }, m);
  assert.equal(n.step(`${outer}Passwort: `).action, 'send-password');
  assert.equal(n.failure(`${outer}Passwort: su: Authentication failure\n`).kind, 'incorrect password');
});

test('failures are classified from what sudo/su printed', () => {
  const n = new BecomeNegotiation({ method: 'sudo', user: 'root', password: 'pw' }, m);
  const cases: [string, string][] = [
    ['sudo: sorry, you must have a tty to run sudo\n', 'tty required'],
    ['su: must be run from a terminal\n', 'tty required'],
    ['app is not in the sudoers file.  This incident will be reported.\n', 'not allowed'],
    ['Sorry, user app is not allowed to execute /bin/sh as root.\n', 'not allowed'],
    ['sudo: a password is required\n', 'password required'],
    ['sudo: unknown user nobodyx\n', 'failed'],
  ];
  for (const [text, kind] of cases) assert.equal(n.failure(outer + text).kind, kind, text);
});

test('messages never contain the password, even if a tool echoed it', () => {
  const pw = 'hunter2-secret';
  const n = new BecomeNegotiation({ method: 'su', user: 'app', password: pw }, m);
  n.step(`${outer}Password: `);
  const err = n.failure(`${outer}Password: ${pw}\nsu: Authentication failure\n`);
  for (const text of [err.message, err.detail, JSON.stringify(err), String(err.stack)]) assert.ok(!text.includes(pw), text);
});
