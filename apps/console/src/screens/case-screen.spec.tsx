import { screen } from '@testing-library/react';
import { aCase } from '../../test-support/fixtures';
import { fakeFetch, on, renderScreen } from '../../test-support/render';
import { CaseScreen } from './case-screen';

// A case whose customer data the node removed (retention or an erasure): no customer, empty texts.
const ANONYMISED = aCase({
  status: 'RESOLVED',
  allowedActions: [],
  customer: null,
  description: { text: '', language: 'de', languageSource: 'GIVEN' },
  personalDataRemoved: { at: '2027-05-20T03:00:00.000Z', reason: 'RETENTION' },
  messages: [
    {
      id: '7d0c5b1e-0000-4000-8000-000000000001', kind: 'REPLY', body: { text: '', language: 'en', languageSource: 'GIVEN' }, outcome: 'DELIVERED_WITH_SIGNATURE', eventAt: null, signedBy: null,
      office: null, templateId: null, template: null, authorAgent: 'bob', authorOperator: 'US', sentAt: '2026-12-07T10:00:00.000Z', receivedAfterClose: false,
      display: { kind: 'Reply', outcome: 'Delivered with signature', eventAt: null, sentAt: '7 Dec 2026, 11:00' },
    },
  ],
} as Partial<ReturnType<typeof aCase>>);

describe('CaseScreen', () => {
  it('shows a case whose personal data was removed, with a label instead of the customer', async () => {
    fakeFetch(
      on('GET', `/cases/${ANONYMISED.id}`, () => ({ body: ANONYMISED })),
      on('GET', `/cases/${ANONYMISED.id}/history`, () => ({ body: { caseId: ANONYMISED.id, entries: [] } })),
    );
    renderScreen(<CaseScreen caseId={ANONYMISED.id} />);
    expect((await screen.findByTestId('personal-data-removed')).textContent).toMatch(/^Personal data removed on .+ \(retention period ended\)$/);
    expect(screen.getByTestId('case-item-id').textContent).toBe('RB123456785GB');
    expect(screen.queryByText('Customer')).toBeNull();
  });
});
