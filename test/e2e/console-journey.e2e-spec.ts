import type { Browser, Page } from 'playwright-core';
import { AgentContext, checkA11y, formatViolations, launchBrowser, newAgentContext, screenshot, signIn } from './support/browser';
import { ensureBuilt } from '../harness/built-dist';
import { api, eventually, TestNetwork, TRACKING } from './support/network';

// The journey, in Chromium against real nodes, Kafka, PostgreSQL and Keycloak: an agent at
// CH opens an auto-populated case, it appears live in a US agent's queue, the US agent answers in
// Japanese with a saved reply, the CH agent reads CH's German version and resolves. Then presence,
// a stale version, Arabic right to left, and axe on every screen in both directions.
const ITEM = 'RB987654326CH';
const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** axe's serious and critical findings on the page as it is now, as readable lines (empty: none). */
async function a11y(page: Page): Promise<string> {
  return formatViolations(await checkA11y(page));
}

/** Marks the page; a later `sameDocument` is true only if no navigation reloaded it since. */
/** The page's <html lang> and dir (the tsconfig of tests has no DOM types: globalThis is the window there). */
const langDir = (page: Page) =>
  page.evaluate(() => {
    const html = (globalThis as unknown as { document: { documentElement: { lang: string; dir: string } } }).document.documentElement;
    return [html.lang, html.dir];
  });

const mark = (page: Page) => page.evaluate(() => Object.assign(globalThis, { __pbMark: 1 }));
const sameDocument = (page: Page) => page.evaluate(() => (globalThis as { __pbMark?: number }).__pbMark === 1);

describe('the console: a case from CH to US and back', () => {
  let browser: Browser;
  let net: TestNetwork;
  let CH: string;
  let US: string;
  let lea: AgentContext; // CH agent, German
  let ken: AgentContext; // US agent, Japanese
  let caseId: string;
  let askedCaseId: string; // CH's case US asked more information on (409 test)

  // The nodes serve the console from dist/console: built once per run, when a source is newer.
  beforeAll(() => ensureBuilt(), 240_000);

  beforeAll(async () => {
    browser = await launchBrowser();
    net = await TestNetwork.start([
      { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de', 'fr', 'en'] },
      { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en', 'es'] },
    ]);
    CH = net.node('CH').url;
    US = net.node('US').url;
    await Promise.all([
      net.realms.ensureUser('CH', 'lea.frei', ['agent']),
      net.realms.ensureUser('CH', 'max.boss', ['supervisor']),
      net.realms.ensureUser('US', 'ken.sato', ['agent']),
      net.realms.ensureUser('US', 'amy.lee', ['agent']),
    ]);
    // Each post's tracking: CH posted and exported the item to the US, where US scanned it in.
    expect((await api(CH, 'POST', '/tracking/events', { events: [
      { itemId: ITEM, code: 'EMA', occurredAt: at(20 * 24), office: 'CHZRHA', location: 'Zürich' },
      { itemId: ITEM, code: 'EMC', occurredAt: at(19 * 24), office: 'CHZRHA', destinationCountry: 'US' },
    ] }, TRACKING)).body.accepted).toBe(2);
    expect((await api(US, 'POST', '/tracking/events', { events: [{ itemId: ITEM, code: 'EMD', occurredAt: at(15 * 24), office: 'USJFKA' }] }, TRACKING)).body.accepted).toBe(1);
    await eventually(async () => (await api(CH, 'GET', `/items/${ITEM}/timeline`)).body?.events?.length === 3, 20_000, 'the US scan at CH');
    lea = await newAgentContext(browser, { locale: 'de-CH', timezoneId: 'Europe/Zurich', label: 'CH lea' });
    ken = await newAgentContext(browser, { locale: 'ja-JP', timezoneId: 'Asia/Tokyo', label: 'US ken' });
    await signIn(lea.page, CH, 'lea.frei', 'lea.frei');
    await signIn(ken.page, US, 'ken.sato', 'ken.sato');
  });

  afterAll(async () => {
    await lea?.close();
    await ken?.close();
    await browser?.close();
    await net?.close();
  });

  it('CH opens a case the tracking fills in, and it appears live in the US queue', async () => {
    // The US agent reads in Japanese (the browser's language; no profile yet).
    await ken.page.goto(`${US}/#/queues?direction=INCOMING`);
    await ken.page.waitForSelector('[data-testid=queue-empty]');
    expect(await langDir(ken.page)).toEqual(['ja', 'ltr']);
    expect(await a11y(ken.page)).toBe('');
    await mark(ken.page);

    await lea.page.goto(`${CH}/#/open`);
    await lea.page.waitForSelector('[data-testid=open-item-id]');
    expect((await langDir(lea.page))[0]).toBe('de');
    const check = lea.page.getByTestId('item-check');
    await lea.page.getByTestId('open-item-id').fill('RB987654325CH');
    await expect(check.getAttribute('data-valid')).resolves.toBe('false');
    expect(await check.textContent()).toMatch(/Prüfziffer/);
    await lea.page.getByTestId('open-item-id').fill(ITEM);
    // No destination given: the preview names the one tracking shows, before anything is stored.
    await lea.page.waitForSelector('[data-testid=open-preview][data-state=ok]', { timeout: 15_000 });
    expect(await lea.page.getByTestId('preview-destination').textContent()).toMatch(/^US \(.+\)$/);
    expect(await lea.page.getByTestId('preview-summary').textContent()).toMatch(/aufgegeben/);
    expect(await lea.page.getByTestId('preview-delivered').textContent()).toBe('Nein');
    await screenshot(lea.page, 'open-case-de');
    expect(await a11y(lea.page)).toBe('');
    await lea.page.getByTestId('reason-NOT_ARRIVED').check();
    await lea.page.getByTestId('open-customer-name').fill('Erika Muster');
    await lea.page.getByTestId('open-description').fill('Das Paket ist nach drei Wochen noch nicht angekommen.');
    await lea.page.getByTestId('open-submit').click();
    await lea.page.waitForSelector('[data-testid=case-screen]');
    caseId = (await lea.page.getByTestId('case-screen').getAttribute('data-case-id'))!;
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
    // The hub delivers it; the screen follows without a reload.
    await lea.page.waitForSelector('[data-testid=case-status][data-status=OPEN]', { timeout: 20_000 });

    const row = ken.page.locator(`[data-testid=queue-row][data-case-id="${caseId}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getAttribute('data-item-id')).toBe(ITEM);
    expect(await sameDocument(ken.page)).toBe(true);
    // The notice is unobtrusive: a polite live region, focus stays where it was.
    expect(await ken.page.getByTestId('toasts').textContent()).toContain(ITEM);
    await screenshot(ken.page, 'queues-ja');
    expect(await a11y(ken.page)).toBe('');
  });

  it('US answers in Japanese with a saved reply; CH reads its German version and resolves', async () => {
    await ken.page.locator(`[data-testid=queue-row][data-case-id="${caseId}"] a`).first().click();
    await ken.page.waitForSelector(`[data-testid=case-screen][data-case-id="${caseId}"]`);
    await ken.page.getByTestId('assign-to-me').first().click();
    await eventually(async () => (await ken.page.getByTestId('assign-to-me').count()) === 0, 10_000, 'the case assigned to ken');
    await ken.page.locator('input[name=kind][value=REPLY]').check();
    await ken.page.getByTestId('composer-outcome').selectOption('DELIVERED_WITH_SIGNATURE');
    await ken.page.getByTestId('composer-template').selectOption('DELIVERED_WITH_SIGNATURE');
    await ken.page.getByTestId('composer-event-at').fill('2026-12-01T10:30');
    await ken.page.getByTestId('composer-signed-by').fill('J. Doe');
    await ken.page.getByTestId('composer-office').fill('New York NY 10001');
    // The preview is the saved reply in the agent's language, filled with the case's facts.
    const mine = ken.page.getByTestId('composer-preview-mine');
    await eventually(async () => (await mine.textContent())?.includes('J. Doe'), 15_000, 'the preview with the signer');
    expect(await mine.getAttribute('lang')).toBe('ja');
    expect(await mine.textContent()).toContain(ITEM);
    await screenshot(ken.page, 'case-composer-ja');
    expect(await a11y(ken.page)).toBe('');
    await ken.page.getByTestId('composer-send').click();
    await ken.page.waitForSelector('[data-testid=message][data-kind=REPLY]', { timeout: 15_000 });

    // CH's case screen shows the reply by itself: CH's own German text of the same saved reply.
    const reply = lea.page.locator('[data-testid=message][data-kind=REPLY]');
    await reply.waitFor({ timeout: 20_000 });
    const template = reply.getByTestId('message-template');
    expect(await template.getAttribute('lang')).toBe('de');
    expect(await template.textContent()).toContain('J. Doe');
    expect(await template.textContent()).toMatch(/zugestellt/i);
    await screenshot(lea.page, 'case-de');
    expect(await a11y(lea.page)).toBe('');
    await lea.page.getByTestId('resolve-code').selectOption('DELIVERED');
    await lea.page.getByTestId('resolve-submit').click();
    await lea.page.waitForSelector('[data-testid=case-status][data-status=RESOLVED]', { timeout: 15_000 });
    expect(lea.problems()).toEqual([]);
    expect(ken.problems()).toEqual([]);
  });

  it('shows who else at the post is viewing or writing, live', async () => {
    const amy = await newAgentContext(browser, { locale: 'en-US', timezoneId: 'America/New_York', label: 'US amy' });
    try {
      await signIn(amy.page, US, 'amy.lee', 'amy.lee');
      // A fresh case from CH, still open, for both US agents to look at.
      const created = await api(CH, 'POST', '/cases', { itemId: 'RB111111115CH', destinationOperator: 'US', inquiryType: 'GENERIC', reasons: ['DELAYED'], customer: { name: 'Hans' }, description: { text: 'Verspätet', language: 'de' } });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      await eventually(async () => (await api(US, 'GET', `/cases/${id}`)).status === 200, 20_000, 'the case at US');
      await ken.page.goto(`${US}/#/cases/${id}`);
      await amy.page.goto(`${US}/#/cases/${id}`);
      const seenByKen = ken.page.locator('[data-testid=presence-viewer][data-principal="amy.lee"]');
      await seenByKen.waitFor({ timeout: 15_000 });
      expect(await seenByKen.getAttribute('data-activity')).toBe('VIEWING');
      await ken.page.locator('[data-testid=presence-viewer][data-principal="ken.sato"]').count().then((n) => expect(n).toBe(0));
      await amy.page.locator('[data-testid=presence-viewer][data-principal="ken.sato"]').waitFor({ timeout: 15_000 });
      // Amy starts a reply: Ken sees her writing, without either page reloading.
      await mark(ken.page);
      await amy.page.getByTestId('composer-text').fill('Checking with the delivery office.');
      await eventually(async () => (await seenByKen.getAttribute('data-activity')) === 'WRITING', 15_000, 'amy writing');
      await screenshot(ken.page, 'case-presence-ja');
      // Amy leaves the case: she is gone from Ken's screen.
      await amy.page.goto(`${US}/#/queues`);
      await eventually(async () => (await seenByKen.count()) === 0, 15_000, 'amy gone');
      expect(await sameDocument(ken.page)).toBe(true);
      expect(amy.problems()).toEqual([]);
    } finally {
      await amy.close();
    }
  });

  it('a stale version (409) shows what changed and sends again on the new version', async () => {
    const created = await api(CH, 'POST', '/cases', { itemId: 'RB222222225CH', destinationOperator: 'US', inquiryType: 'GENERIC', reasons: ['DELAYED'], customer: { name: 'Rosa' }, description: { text: 'Wo bleibt es?', language: 'de' } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    askedCaseId = id;
    await eventually(async () => (await api(US, 'GET', `/cases/${id}`)).status === 200, 20_000, 'the case at US');
    await ken.page.goto(`${US}/#/cases/${id}`);
    await ken.page.waitForSelector(`[data-testid=case-screen][data-case-id="${id}"]`);
    const seen = Number(await ken.page.getByTestId('case-screen').getAttribute('data-version'));
    await ken.page.locator('input[name=kind][value=INFO_REQUEST]').check();
    await ken.page.getByTestId('composer-text').fill('Wir prüfen das.');
    // Meanwhile a US supervisor gives the case to Amy: Ken's screen still holds the old version.
    expect((await api(US, 'PUT', `/cases/${id}/assignee`, { agentId: 'amy.lee' }, { user: 'sup.us', roles: ['supervisor'] })).status).toBe(200);
    await ken.page.getByTestId('composer-send').click();
    const conflict = ken.page.getByTestId('conflict');
    await conflict.waitFor({ timeout: 15_000 });
    expect(await conflict.textContent()).toContain('amy.lee');
    expect(await ken.page.getByTestId('composer-text').inputValue()).toBe('Wir prüfen das.');
    expect(Number(await ken.page.getByTestId('case-screen').getAttribute('data-version'))).toBeGreaterThan(seen);
    await screenshot(ken.page, 'case-conflict-ja');
    await ken.page.getByTestId('composer-send').click();
    await ken.page.locator('[data-testid=message][data-kind=INFO_REQUEST]').waitFor({ timeout: 15_000 });
    await eventually(async () => (await conflict.count()) === 0, 5_000, 'the conflict notice gone');
    // The 409 itself (the call, and the browser's line about it) is the one failure, and it is expected.
    expect(ken.problems(/^409 POST .*\/messages$|status of 409 \(Conflict\) \(.*\/messages:0\)$/)).toEqual([]);
  });

  it('keyboard: a assigns the case to me, r goes to the reply', async () => {
    await lea.page.goto(`${CH}/#/cases/${askedCaseId}`);
    await lea.page.waitForSelector(`[data-testid=case-screen][data-case-id="${askedCaseId}"] [data-testid=assign-to-me]`);
    await lea.page.keyboard.press('a');
    await eventually(async () => (await lea.page.getByTestId('assign-to-me').count()) === 0, 10_000, 'the case assigned by the shortcut');
    expect((await api(CH, 'GET', `/cases/${askedCaseId}`)).body.assignee).toBe('lea.frei');
    await lea.page.keyboard.press('r');
    await eventually(async () => (await lea.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)) === 'composer', 5_000, 'the composer focused');
  });

  it('keyboard: ? lists the shortcuts, o opens a case, q the queues, n the next case', async () => {
    await lea.page.goto(`${CH}/#/queues`);
    await lea.page.waitForSelector('[data-testid=queue-row]');
    await lea.page.keyboard.press('?');
    await lea.page.getByTestId('shortcuts-help').waitFor();
    expect(await a11y(lea.page)).toBe('');
    await lea.page.keyboard.press('Escape');
    await eventually(async () => (await lea.page.getByTestId('shortcuts-help').count()) === 0, 5_000, 'help closed');
    await lea.page.keyboard.press('o');
    await lea.page.waitForURL(/#\/open$/);
    await lea.page.keyboard.press('q');
    await lea.page.waitForURL(/#\/queues$/);
    const first = await lea.page.locator('[data-testid=queue-row]').first().getAttribute('data-case-id');
    await lea.page.keyboard.press('n');
    await lea.page.waitForSelector(`[data-testid=case-screen][data-case-id="${first}"]`);
  });

  it('switches to Arabic without a reload, lays out right to left, and every screen passes axe in both directions', async () => {
    const max = await newAgentContext(browser, { locale: 'en-GB', timezoneId: 'Europe/Zurich', label: 'CH max' });
    try {
      await signIn(max.page, CH, 'max.boss', 'max.boss');
      const screens = ['queues', `cases/${caseId}`, 'open', 'supervisor', 'profile'];
      for (const s of screens) {
        await max.page.goto(`${CH}/#/${s}`);
        await max.page.waitForSelector('main h1');
        await max.page.waitForLoadState('networkidle');
        expect({ screen: s, dir: (await langDir(max.page))[1], axe: await a11y(max.page) }).toEqual({ screen: s, dir: 'ltr', axe: '' });
        await screenshot(max.page, `${s.split('/')[0]}-en`);
      }
      await max.page.goto(`${CH}/#/profile`);
      await mark(max.page);
      await max.page.getByTestId('profile-language').selectOption('ar');
      await max.page.getByTestId('profile-save').click();
      await eventually(async () => (await langDir(max.page)).join() === 'ar,rtl', 10_000, 'the console in Arabic');
      expect(await sameDocument(max.page)).toBe(true);
      for (const s of screens) {
        await max.page.goto(`${CH}/#/${s}`);
        await max.page.waitForSelector('main h1');
        await max.page.waitForLoadState('networkidle');
        expect({ screen: s, dir: (await langDir(max.page))[1], axe: await a11y(max.page) }).toEqual({ screen: s, dir: 'rtl', axe: '' });
        await screenshot(max.page, `${s.split('/')[0]}-ar`);
      }
      // Item ids keep their left-to-right order inside Arabic text.
      await max.page.goto(`${CH}/#/cases/${caseId}`);
      expect(await max.page.getByTestId('case-item-id').evaluate((el) => el.tagName)).toBe('BDI');
      expect(max.problems()).toEqual([]);
    } finally {
      await max.close();
    }
  });
});
