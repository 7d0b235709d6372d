import { fireEvent, screen, waitFor } from '@testing-library/react';
import { fakeFetch, on, renderScreen } from '../../test-support/render';
import { OpenCaseScreen } from './open-case-screen';

const catalogue = on('GET', /^\/catalogue\?/, () => ({
  body: { language: 'en', direction: 'ltr', languages: ['en'], systems: [
    { system: 'inquiryType', codes: [{ code: 'FULL_INVESTIGATION', label: 'Full investigation' }, { code: 'PROOF_OF_DELIVERY', label: 'Proof of delivery' }] },
    { system: 'inquiryReason', codes: [{ code: 'NOT_ARRIVED', label: 'Item not arrived' }] },
    { system: 'productFamily', codes: [{ code: 'REGISTERED', label: 'Registered' }] },
    { system: 'casePriority', codes: [{ code: 'NORMAL', label: 'Normal' }] },
  ] },
}));

describe('OpenCaseScreen', () => {
  it('checks the item id as the agent types: format, check digit, country', async () => {
    fakeFetch(catalogue, on('POST', '/cases/preview', () => ({ status: 422, body: { code: 'DESTINATION_REQUIRED' } })));
    renderScreen(<OpenCaseScreen params={new URLSearchParams()} />);
    const input = screen.getByTestId('open-item-id');
    const check = screen.getByTestId('item-check');
    fireEvent.change(input, { target: { value: 'RB12345678' } });
    expect(check.textContent).toContain('two letters, eight digits');
    fireEvent.change(input, { target: { value: 'RB123456784GB' } });
    expect(check.textContent).toContain('check digit does not match');
    fireEvent.change(input, { target: { value: 'RB123456785XX' } });
    expect(check.textContent).toContain('not a country code');
    fireEvent.change(input, { target: { value: 'rb 123 456 785 gb' } });
    await waitFor(() => expect(check.textContent).toBe('Valid: Registered, issued in GB'));
    expect(check.getAttribute('data-valid')).toBe('true');
  });

  it('shows what tracking fills in before the case is opened', async () => {
    const calls = fakeFetch(
      catalogue,
      on('POST', '/cases/preview', () => ({
        body: {
          itemId: 'RB123456785GB', productFamily: 'REGISTERED', originCountry: 'GB', destinationOperator: 'US', destinationSource: 'TRACKING', delivered: true,
          trackingSummary: { eventCount: 3, postedAt: '2026-11-03T09:00:00Z', exportedAt: null, arrivedInDestinationAt: null, customs: { held: false, since: null }, deliveryAttempts: 1, delivered: true, deliveredAt: '2026-11-20T14:05:00Z', deliveredOffice: null, currentStatus: null, originCountry: 'GB', destinationCountry: 'US' },
          filingWindow: { postedOn: '2026-11-03', opensAt: '2026-11-03', closesAt: '2027-05-03', open: true },
          display: { originCountry: 'United Kingdom', filingWindow: { postedOn: '3 Nov 2026', opensAt: '3 Nov 2026', closesAt: '3 May 2027' } },
        },
      })),
    );
    renderScreen(<OpenCaseScreen params={new URLSearchParams()} />);
    fireEvent.change(screen.getByTestId('open-item-id'), { target: { value: 'RB123456785GB' } });
    await waitFor(() => expect(screen.getByTestId('open-preview').getAttribute('data-state')).toBe('ok'));
    expect(screen.getByTestId('preview-destination').textContent).toContain('US');
    expect(screen.getByTestId('preview-destination').textContent).toContain('from tracking');
    expect(screen.getByTestId('preview-delivered').textContent).toBe('Yes');
    expect(screen.getByTestId('preview-summary').textContent).toContain('1 delivery attempt');
    expect(screen.getByTestId('preview-window').textContent).toBe('posted 3 Nov 2026; inquiries from 3 Nov 2026 to 3 May 2027');
    expect(calls.find((c) => c.path === '/cases/preview')!.body).toEqual({ itemId: 'RB123456785GB', inquiryType: 'FULL_INVESTIGATION' });
  });

  it('shows the node’s refusal in the agent’s language, with its facts', async () => {
    fakeFetch(catalogue, on('POST', '/cases/preview', () => ({ status: 422, body: { code: 'INQUIRY_TOO_LATE', message: 'x', details: { latest: '2026-05-03' } } })));
    renderScreen(<OpenCaseScreen params={new URLSearchParams()} />);
    fireEvent.change(screen.getByTestId('open-item-id'), { target: { value: 'RB123456785GB' } });
    const error = await screen.findByTestId('error');
    expect(error.getAttribute('data-code')).toBe('INQUIRY_TOO_LATE');
    expect(error.textContent).toBe('Too late: the filing window for this item closed on 2026-05-03.');
    expect((screen.getByTestId('open-submit') as HTMLButtonElement).disabled).toBe(true);
  });
});
