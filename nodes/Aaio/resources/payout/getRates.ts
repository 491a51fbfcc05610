import type { IDataObject } from 'n8n-workflow';

import { toAmount } from '../../../shared/money';
import { outputItems } from '../../../shared/output';
import type { Simplified } from '../../../shared/shape';
import type { Operation } from '../../../shared/operation';
import { operationRouting } from '../../../shared/operation';
import { aaio } from '../../provider';

/** Every rate aaio sends (USD, UAH, USDT, BTC): RUB per unit, as numbers. */
function payoutRates(body: IDataObject, { checkedAt }: { checkedAt: string }): Simplified {
	const rates: IDataObject = {};
	for (const [currency, rate] of Object.entries(body)) {
		if (currency === 'type') continue;
		const amount = toAmount(rate);
		if (amount === undefined) return { missing: currency };
		rates[currency] = amount;
	}
	return { item: { provider: aaio.name, currency: 'RUB', rates, checkedAt } };
}

/** Payout → Get Rates (`/api/rates-payoff`). */
export const getRates: Operation = {
	option: {
		name: 'Get Rates',
		value: 'getRates',
		action: 'Get payout exchange rates (read only, free)',
		description: 'Get the exchange rates aaio uses for payouts in USD, UAH, USDT and BTC',
		routing: operationRouting(aaio, {
			request: { method: 'POST', url: '/api/rates-payoff' },
			output: outputItems(aaio, { simplify: payoutRates }),
		}),
	},
};
