import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { AgentContext, checkA11y, formatViolations, launchBrowser, newAgentContext, screenshot, signIn } from './support/browser';
import { ensureBuilt } from '../harness/built-dist';
import { eventually, TestNetwork } from './support/network';

// The console as agents use it: real Chromium, real Keycloak login form, nodes on real Kafka and
// PostgreSQL. One browser for the file; each describe opens the agent contexts it needs.
describe('the console in a browser', () => {
  let browser: Browser;

  // The nodes serve the console from dist/console: built once per run, when a source is newer.
  beforeAll(() => ensureBuilt(), 240_000);

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  // The accessibility check must be able to fail, or "no violations" on the console proves nothing.
  describe('the accessibility check itself', () => {
    let agent: AgentContext;

    beforeAll(async () => {
      agent = await newAgentContext(browser, { locale: 'en-US', label: 'a11y self-test' });
    });

    afterAll(async () => {
      await agent?.close();
    });

    it('reports an image without a text alternative and a button without a name', async () => {
      await agent.page.setContent('<!doctype html><html lang="en"><head><title>Broken</title></head><body><main><h1>Case</h1><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" width="10" height="10"><button></button></main></body></html>');
      const violations = await checkA11y(agent.page);
      expect(violations.map((v) => v.id).sort()).toEqual(['button-name', 'image-alt']);
      expect(formatViolations(violations)).toMatch(/^critical button-name: .*\n {2}- button: /m);
      // Limited to a part of the page, it sees only that part.
      await agent.page.setContent('<!doctype html><html lang="en"><head><title>Half</title></head><body><main><section id="ok"><h1>Case</h1></section><button></button></main></body></html>');
      expect(await checkA11y(agent.page, '#ok')).toEqual([]);
      expect((await checkA11y(agent.page)).map((v) => v.id)).toEqual(['button-name']);
    });

    it('reports nothing on a clean page', async () => {
      await agent.page.setContent('<!doctype html><html lang="en"><head><title>Clean</title></head><body><main><h1>Case</h1><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="Parcel" width="10" height="10"><button>Reply</button></main></body></html>');
      const violations = await checkA11y(agent.page);
      expect(formatViolations(violations)).toBe('');
      const png = readFileSync(await screenshot(agent.page, 'harness/clean-page', { docs: false }));
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    });
  });

  describe('on a network of CH and US', () => {
    let net: TestNetwork;
    let CH: string;

    beforeAll(async () => {
      net = await TestNetwork.start([
        { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de', 'fr', 'en'] },
        { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en', 'es'] },
      ]);
      CH = net.node('CH').url;
    });

    afterAll(async () => {
      await net?.close();
    });

    describe('sign-in', () => {
      let agent: AgentContext;

      beforeEach(async () => {
        agent = await newAgentContext(browser, { locale: 'de-CH', timezoneId: 'Europe/Zurich', label: 'CH agent' });
      });

      afterEach(async () => {
        await agent?.close();
      });

      it('signs an agent in at CH through Keycloak’s login form and lands on the node with a session', async () => {
        await net.realms.ensureUser('CH', 'lea.frei', ['agent']);
        const landing = await signIn(agent.page, CH, 'lea.frei', 'lea.frei');
        expect(landing.href).toBe(`${CH}/`);
        const cookie = (await agent.context.cookies(CH)).find((c) => c.name === 'pb_session');
        // httpOnly: the console's script never sees it, nor a token.
        expect(cookie).toMatchObject({ value: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), httpOnly: true });
        // Asked from the page, as the console asks: the cookie alone answers who is signed in.
        const session = await agent.page.evaluate(async () => {
          const res = await fetch('/auth/session');
          return { status: res.status, body: (await res.json()) as { id: string; roles: string[]; via: string } };
        });
        expect(session).toMatchObject({ status: 200, body: { id: 'lea.frei', roles: ['agent'], via: 'session' } });
        // Without a built console (dist/console) / answers 404, as does the favicon: those loads are
        // not this test's subject; failed API calls still are (reported on their own, with method and URL).
        expect(agent.problems(/^console\.error: Failed to load resource: .* 404 /)).toEqual([]);
      });

      it('reports what went wrong in the page: failed API calls and uncaught errors', async () => {
        await agent.page.goto(`${CH}/health`);
        await agent.page.evaluate(async () => {
          await fetch('/auth/session'); // no session in this context: 401
          setTimeout(() => {
            throw new Error('the console broke');
          });
        });
        await eventually(async () => agent.problems().some((p) => p.startsWith('uncaught: Error: the console broke')), 5_000, 'the uncaught error');
        expect(agent.problems()).toContain(`401 GET ${CH}/auth/session`);
        expect(agent.problems(/./)).toEqual([]);
      });

      it('says why when Keycloak refuses the password', async () => {
        await net.realms.ensureUser('CH', 'lea.frei', ['agent']);
        await expect(signIn(agent.page, CH, 'lea.frei', 'wrong')).rejects.toThrow(/^Keycloak refused the sign-in of lea\.frei: \S/);
        expect((await agent.context.cookies(CH)).map((c) => c.name)).not.toContain('pb_session');
      });
    });
  });
});
