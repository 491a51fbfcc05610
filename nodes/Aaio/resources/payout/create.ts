import type { IDataObject } from 'n8n-workflow';

import {
	amountField,
	feeFromOption,
	methodField,
	orderIdField,
	sbpBankIdField,
	walletField,
	webhookUrlOption,
} from '../../../shared/fields';
import { entityItems } from '../../../shared/output';
import { createPayout } from '../../../shared/payout';
import { allowAgentPayoutsProperty, lookupWindowProperty } from '../../../shared/payoutOptions';
import type { Operation } from '../../../shared/operation';
import { operationRouting } from '../../../shared/operation';
import type { FieldCheck } from '../../../shared/validate';
import { amount, checkRequest, text, url } from '../../../shared/validate';
import { PAYOUT } from '../../entities';
import { aaioPayouts } from '../../payout';
import { aaio } from '../../provider';

/** The operators aaio takes for `mobile_ru` payouts. */
const MOBILE_OPERATORS = [
	{ name: 'Beeline', value: 'beeline_ru' },
	{ name: 'MegaFon', value: 'megafon_ru' },
	{ name: 'MTS', value: 'mts_ru' },
	{ name: 'Tele2', value: 'tele2' },
];

/** The bank goes only with `sbp`, the operator only with `mobile_ru`, and each is required there. */
const methodDetails: FieldCheck = (body: IDataObject) => {
	const method = String(body.method);
	const bank = String(body.bank ?? '').trim();
	if (method !== 'sbp') delete body.bank;
	else if (!bank) return 'An SBP payout needs a bank: put the ID from SBP Bank → Get Many into SBP Bank ID.';
	else body.bank = bank;
	const operator = String(body.mobile_operator ?? '').trim();
	const operators = MOBILE_OPERATORS.map(({ value }) => value);
	if (method !== 'mobile_ru') delete body.mobile_operator;
	else if (!operators.includes(operator)) {
		return `A mobile_ru payout needs the mobile operator: one of ${operators.join(', ')}${operator ? `, not "${operator}"` : ''}.`;
	} else body.mobile_operator = operator;
	return undefined;
};

/** Payout → Create: through the shared payout flow (nodes/shared/payout.ts). */
export const create: Operation = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a payout: moves money from the balance, the provider fee applies; reuse the order ID when retrying',
		description:
			'Pay out from the balance to a card, SBP, a phone or a wallet. The order ID is looked up first, and again if the answer is lost: a payout is never sent twice.',
		routing: operationRouting(aaio, {
			request: { method: 'POST', url: '/api/create-payoff' },
			preSend: [
				checkRequest(
					aaio,
					'body',
					text('my_id', 'Order ID', { required: true, max: 255 }),
					text('method', 'Method', { required: true, oneWord: true }),
					amount(aaio, 'amount', 'Amount'),
					text('wallet', 'Wallet', { required: true, oneWord: true }),
					methodDetails,
					url('webhook_url', 'Webhook URL'),
				),
			],
			send: createPayout(aaioPayouts),
			output: entityItems(aaio, { table: PAYOUT }),
		}),
	},
	fields: [
		orderIdField(
			'my_id',
			"Your own unique ID for this payout (aaio's my_id). The node looks it up before sending, and again if the answer is lost, so the payout is never made twice.",
		),
		methodField(
			'method',
			'cards_ru',
			'The payout method code: cards_ru, cards_ua, sbp, mobile_ru, qiwi, yoomoney, payeer, perfectmoney, bitcoin, tether_trc20, tron or litecoin. Payout → Get Methods lists those open to your account.',
		),
		amountField('amount', 'The amount in RUB'),
		walletField('wallet'),
		sbpBankIdField('bank'),
		{
			displayName: 'Mobile Operator',
			name: 'mobileOperator',
			type: 'options',
			required: true,
			// No default: a payout to a phone must name its operator.
			options: MOBILE_OPERATORS,
			default: '',
			displayOptions: { show: { method: ['mobile_ru'] } },
			description: 'The operator of the phone number',
			routing: { send: { type: 'body', property: 'mobile_operator' } },
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [feeFromOption('commission_type', { amount: 0, balance: 1 }), webhookUrlOption('webhook_url')],
		},
		lookupWindowProperty(aaioPayouts),
		allowAgentPayoutsProperty,
	],
};
