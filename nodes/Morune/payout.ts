import type { IDataObject } from 'n8n-workflow';

import { outcomeOf } from '../shared/errors';
import { accountKey, compareField, matchCode, matchMoney, matchWallet } from '../shared/payoutLookup';
import type { Comparison, PayoutApi } from '../shared/payoutLookup';
import { morune } from './provider';
import { PAYOUT } from './entities';
import { isJsonObject } from '../shared/json';

/** morune's `subtract` is sent as 1 (fee from the balance) or 2 (from the amount, the default), echoed as a word. */
const SUBTRACT: Record<string, string> = { '1': 'balance', '2': 'amount' };

/** What morune takes when `subtract` is not sent: the fee from the amount. */
const DEFAULT_SUBTRACT = '2';

/**
 * morune's payouts, for the shared payout flow (nodes/shared/payout.ts). morune's docs ask for
 * exactly this: when the answer to a payout is lost, look it up by order ID before sending it
 * again (docs.enot.io/e/new/new-create-withdraw).
 */
export const morunePayouts: PayoutApi = {
	provider: morune,
	idField: 'order_id',
	idLabel: 'Order ID',
	cabinet: 'the morune cabinet (Выводы)',
	lookupHint: 'The lookup (GET /payoff/info) uses the same user ID and secret key as the payout.',
	lookup: (id, credentials) => ({
		method: 'GET',
		url: '/payoff/info',
		qs: { user_id: credentials.userId, order_id: id },
	}),
	// morune documents its "not found" as its own 404 ("Вывод не найден.", in its docs' status list and its SDK's mocks).
	notFound: {
		documented: (error) =>
			outcomeOf(error) === 'refused' &&
			Number((error as { errorResponse?: IDataObject }).errorResponse?.httpCode) === 404,
	},
	accountOf: (credentials) => accountKey(credentials, 'userId'),
	recordOf(answer) {
		const data = answer.data;
		return isJsonObject(data) ? data : undefined;
	},
	compare(sent, record) {
		const comparison: Comparison = { differences: [], unclear: [] };
		compareField(comparison, 'amount', sent.amount, record.amount, matchMoney);
		compareField(comparison, 'service', sent.service, record.service, matchCode);
		compareField(comparison, 'wallet', sent.wallet_to, record.wallet, matchWallet);
		// The fee's side: an echo that differs is another payout, no echo is no evidence either way.
		if (record.subtract !== undefined && record.subtract !== null) {
			compareField(comparison, 'fee taken from the', SUBTRACT[String(sent.subtract ?? DEFAULT_SUBTRACT)], record.subtract);
		}
		return comparison;
	},
	table: PAYOUT,
};
