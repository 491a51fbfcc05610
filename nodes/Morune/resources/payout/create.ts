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
import { entityTable } from '../../../shared/schemas';
import { operationRouting } from '../../../shared/operation';
import type { FieldCheck } from '../../../shared/validate';
import { readMoney, toAmount } from '../../../shared/money';
import { amount, checkRequest, text, url } from '../../../shared/validate';
import { PAYOUT_GROUP } from '../../entities';
import { morunePayouts } from '../../payout';
import { morune, userIdIn } from '../../provider';

/** The SBP bank goes in `payoff_data`, and only with an SBP service, where it is required. */
const sbpBank: FieldCheck = (body) => {
	const payoffData = (body.payoff_data ?? {}) as IDataObject;
	const bank = String(payoffData.sbp_bank_type ?? '').trim();
	// The same test as the SBP Bank ID field's: it shows for the method `sbp`.
	if (String(body.service) !== 'sbp') {
		delete body.payoff_data;
		return undefined;
	}
	if (!bank) return 'An SBP payout needs a bank: put the ID from SBP Bank → Get Many into SBP Bank ID.';
	body.payoff_data = { ...payoffData, sbp_bank_type: bank };
	return undefined;
};

/** Payout → Create: through the shared payout flow (nodes/shared/payout.ts). */
export const create: Operation = {
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a payout: moves money from the balance, the provider fee applies; reuse the order ID when retrying',
		description:
			'Send money from the account balance. The order ID is looked up first, and again if the answer is lost: a payout is never sent twice.',
		routing: operationRouting(morune, {
			request: { method: 'POST', url: '/payoff/create' },
			preSend: [
				checkRequest(
					morune,
					'body',
					text('order_id', 'Order ID', { required: true, max: 255 }),
					text('service', 'Method', { required: true, max: 255, oneWord: true }),
					amount(morune, 'amount', 'Amount'),
					text('wallet_to', 'Wallet', { required: true, max: 255, oneWord: true }),
					sbpBank,
					text('comment', 'Comment', { max: 255 }),
					url('hook_url', 'Webhook URL', 500),
				),
			],
			send: createPayout(morunePayouts, userIdIn('body')),
			output: entityItems(morune, {
				at: 'data',
				table: entityTable('payout', {
					id: ['payoff_id', 'text'],
					status: { fixed: 'pending' },
					amountDebited: ['amount_withdraw_rub', 'amount?'],
					currency: { fixed: 'RUB' },
					// The same keys as a payout found by Payout → Get (entities.ts, PAYOUT), and the balance after it.
					morune: { group: { ...PAYOUT_GROUP, balanceAfter: ['balance', 'amount?'] } },
				}),
				// What the request says, where the create's answer is silent. Only a lookup gives
				// providerStatus, commission, createdAt, receiveCurrency and amountReceived.
				sent: (context) => {
					const read = readMoney(context.getNodeParameter('amount'), 'Amount');
					const additional = context.getNodeParameter('additionalFields', {}) as IDataObject;
					const comment = String(additional.comment ?? '').trim();
					return {
						orderId: String(context.getNodeParameter('orderId')).trim(),
						amount: 'amount' in read ? toAmount(read.amount) : null,
						method: String(context.getNodeParameter('method')).trim(),
						wallet: String(context.getNodeParameter('wallet')).trim(),
						// Created through the API; the fee from the amount unless Fee From says the balance.
						morune: { type: 'api', feeFrom: additional.feeFrom === 'balance' ? 'balance' : 'amount', comment: comment || null },
					};
				},
			}),
		}),
	},
	fields: [
		orderIdField(
			'order_id',
			'Your own unique ID for this payout. The node looks it up before sending, and again if the answer is lost, so the payout is never made twice.',
		),
		methodField('service', 'card', "The payout service: its full code, as the morune cabinet shows it (card, sbp …)"),
		amountField('amount', 'The amount in RUB'),
		walletField('wallet_to'),
		sbpBankIdField('payoff_data.sbp_bank_type'),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Comment',
					name: 'comment',
					type: 'string',
					default: '',
					description: 'A note on the payout, at most 255 characters',
					routing: { send: { type: 'body', property: 'comment' } },
				},
				feeFromOption('subtract', { amount: 2, balance: 1 }),
				webhookUrlOption('hook_url'),
			],
		},
		lookupWindowProperty(morunePayouts),
		allowAgentPayoutsProperty,
	],
};
