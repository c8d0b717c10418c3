/**
 * A multi-turn dataset in the real VS Code: each row carries the conversation so far (a
 * `messages` column) and the prompt inserts it with `{{history}}`. The grid shows each
 * conversation on one line, the grade panel every message that was sent, and what Refinery
 * recorded as sent is, byte for byte, what the fake provider server received.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { contextMenu, explorerItem, gridCells, openWorkbench, pickMany, pickOne, resultsPanel, runCommand, screenshot, sequentialSteps, uiSession, waitUntil } from './harness';
import { cell } from './run-flow';

const PROMPT = 'prompts/support-chat.prompt';
const MODEL = 'fake/chat-small';
const SYSTEM = 'You answer support chats in one line.\n';
const CHATS = [
  {
    question: 'It still does not work.',
    messages: [
      { role: 'user', content: 'My export fails.' },
      { role: 'assistant', content: 'Which format?' },
      { role: 'user', content: 'CSV, with  two spaces\nand a second line' },
      { role: 'assistant', content: 'Try again now.' },
    ],
  },
  {
    question: 'Thanks!',
    messages: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello, how can I help?' },
    ],
  },
];

/** What each row must send: the system message, the conversation, the question. */
const expectedMessages = (row: number): Array<{ role: string; content: string }> => {
  const chat = CHATS[row];
  if (!chat) throw new Error(`no row ${row}`);
  return [{ role: 'system', content: SYSTEM }, ...chat.messages, { role: 'user', content: chat.question }];
};

const serverBody = z.object({ model: z.string(), messages: z.array(z.object({ role: z.string(), content: z.string() })) });

suite('UI: a multi-turn dataset — the conversation in the grid and the grade panel, the record equal to what the server received', function () {
  this.timeout(240_000);
  let page: Page;

  suiteSetup(async () => {
    const workspace = uiSession().workspace;
    mkdirSync(join(workspace, 'data'), { recursive: true });
    writeFileSync(join(workspace, 'data/chats.jsonl'), CHATS.map((chat) => JSON.stringify(chat)).join('\n') + '\n');
    writeFileSync(
      join(workspace, PROMPT),
      `---\nrefinery.models: [${MODEL}]\nrefinery.dataset: ../data/chats.jsonl\n---\n{{role "system"}}${SYSTEM}{{history}}\n{{role "user"}}{{question}}\n`,
    );
    page = await openWorkbench();
  });

  const step = sequentialSteps(() => page);

  suiteTeardown(async () => {
    if (page) await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    await page?.close();
  });

  step('run the prompt on the conversations: the grid shows each on one line', async () => {
    await contextMenu(page, await explorerItem(page, PROMPT), 'Run Against Dataset');
    await pickOne(page, /(^|\/|\s)chats\.jsonl/);
    await pickMany(page, [MODEL]);
    const panel = resultsPanel(page);
    await waitUntil(
      `the grid to show ${CHATS.length} finished cells`,
      async () => (await gridCells(panel).count()) === CHATS.length && (await panel.locator('[role="gridcell"].cell-pending').count()) === 0,
      90_000,
    );
    const headers = panel.locator('.row-header:not(.corner)');
    assert.match(await headers.nth(0).innerText(), /4 messages · user: My export fails\. · assistant: Which format\? · user: CSV, with two spaces and a second line · assistant: Try again now\./);
    assert.match(await headers.nth(1).innerText(), /2 messages · user: Hi · assistant: Hello, how can I help\?/);
    assert.match(await cell(panel, 0, 0).innerText(), /echo: It still does not work\./);
  });

  step('the grade panel shows every message sent, as sent', async () => {
    const panel = resultsPanel(page);
    await cell(panel, 0, 0).click();
    const messages = panel.locator('[data-testid="grade-panel"] [data-testid="sent-message"]');
    await waitUntil('the messages sent', async () => (await messages.count()) === expectedMessages(0).length, 20_000);
    const shown = [];
    for (let i = 0; i < (await messages.count()); i++) {
      const message = messages.nth(i);
      shown.push({ role: (await message.locator('.message-role').innerText()).trim().toLowerCase(), content: (await message.locator('[data-testid="sent-text"]').textContent()) ?? '' });
    }
    assert.deepEqual(shown, expectedMessages(0));
    await panel.locator('[data-testid="section-messages"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'grade-panel-conversation-dark');
  });

  step('what Refinery recorded is, byte for byte, what the server received (the export shows the record)', async () => {
    const panel = resultsPanel(page);
    await panel.locator('[data-testid="close-panel"]').click();
    await panel.locator('[data-testid="export"]').click();
    const dialog = page.locator('.quick-input-widget');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    const input = dialog.locator('input').first();
    await waitUntil('the save dialog to propose support-chat-<run>.csv', async () => /\/support-chat-[0-9a-f]{8}\.csv$/.test(await input.inputValue()), 20_000);
    await page.keyboard.press('Enter');
    const workspace = uiSession().workspace;
    const exported = () => readdirSync(workspace).find((name) => /^support-chat-[0-9a-f]{8}\.csv$/.test(name));
    const parse = (name: string) => Papa.parse<Record<string, string>>(readFileSync(join(workspace, name), 'utf8'), { header: true, skipEmptyLines: true });
    await waitUntil('the exported file', () => {
      const name = exported();
      return Promise.resolve(name !== undefined && parse(name).data.length === CHATS.length);
    });
    const rows = parse(exported() ?? '').data;

    const received = (await uiSession().fakeServer.requests()).map((request) => request.text).filter((text) => serverBody.parse(JSON.parse(text)).model === 'chat-small');
    assert.equal(received.length, CHATS.length, 'one request per row');
    for (const row of rows) {
      const index = Number(row.row_index);
      const record = row['request.messages'] ?? '';
      const wire = `"messages":${record}`;
      const carrying = received.filter((text) => text.includes(wire));
      assert.equal(carrying.length, 1, `row ${index}: exactly one request carries the recorded messages byte for byte`);
      const [body] = carrying;
      const sent = serverBody.parse(JSON.parse(body ?? '{}')).messages;
      assert.deepEqual(sent, expectedMessages(index), `row ${index}: the server received the conversation`);
      // counted in bytes: the recorded messages are as long as what the server got for them
      assert.equal(Buffer.byteLength(record), Buffer.byteLength(JSON.stringify(sent)), `row ${index}: byte count`);
    }
  });
});
