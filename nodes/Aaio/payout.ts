import { accountKey, compareField, matchCode, matchWallet } from '../shared/payoutLookup';
import type { Comparison, PayoutApi } from '../shared/payoutLookup';
import { sameMoney } from '../shared/money';
import { PAYOUT } from './entities';
import { aaio } from './provider';

/** aaio's payouts, for the shared payout flow (nodes/shared/payout.ts). */
export const aaioPayouts: PayoutApi = {
	provider: aaio,
	idField: 'my_id',
	idLabel: 'Order ID',
	cabinet: 'the aaio cabinet (aaio.so → Выводы)',
	lookupHint: 'The lookup needs the API key permission "Информация про вывод средств".',
	lookup: (id) => ({ method: 'POST', url: '/api/info-payoff', body: { my_id: id } }),
	/**
	 * UNCERTAIN: aaio does not document how it answers a lookup of an unknown `my_id` (only its
	 * generic `{"type":"fail","code":400,"message":…}`), so the node learns it from aaio
	 * (payoutLookup.ts, learnNotFound), comparing it with the refusal of a lookup without an ID,
	 * which its docs require ("my_id or id, one of the two").
	 */
	notFound: { lookupWithoutId: () => ({ method: 'POST', url: '/api/info-payoff', body: {} }) },
	accountOf: (credentials) => accountKey(credentials, 'apiKey'),
	recordOf: (answer) => (answer.id || answer.my_id ? answer : undefined),
	/**
	 * aaio echoes the method, the wallet (perhaps masked), the commission type and two amounts.
	 * Which amount is the one requested is not clear from its docs: their one example has
	 * `amount` 485 "to be received" and `amount_down` 500 "debited" for commission type 0, where the
	 * SDKs send the amount to debit. Either matching counts; neither shown cannot confirm.
	 */
	compare(sent, record) {
		const comparison: Comparison = { differences: [], unclear: [] };
		const amounts = [record.amount, record.amount_down].filter((amount) => amount !== undefined && amount !== null && amount !== '');
		if (amounts.length === 0) comparison.unclear.push('amount not shown');
		else if (!amounts.some((amount) => sameMoney(sent.amount, amount))) {
			comparison.differences.push(`amount ${[...new Set(amounts.map(String))].join(' / ')}, not ${String(sent.amount)}`);
		}
		compareField(comparison, 'method', sent.method, record.method, matchCode);
		compareField(comparison, 'wallet', sent.wallet, record.wallet, matchWallet);
		// Sent only when set; an echo that differs is another payout, no echo is no evidence either way.
		if (sent.commission_type !== undefined && record.commission_type !== undefined && record.commission_type !== null) {
			compareField(comparison, 'commission type', sent.commission_type, record.commission_type);
		}
		return comparison;
	},
	table: PAYOUT,
};
