import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { toAmount } from '../../shared/balance';
import { outputItems } from '../../shared/output';
import type { Simplified } from '../../shared/output';
import { codedEntries, listEntries, readFields } from '../fields';
import type { FieldTable } from '../fields';
import { createPayout, lookupWindowProperty } from '../../shared/payout';
import { aaioPayouts, PAYOUT_FIELDS } from '../payout';
import { checkPayoutInput, MOBILE_OPERATORS } from '../preSend';
import { aaio } from '../provider';
import { aaioRouting } from '../routing';

const PAYOUT_METHOD_FIELDS: FieldTable = {
	code: ['code', 'text'],
	name: ['name', 'text'],
	min: ['min', 'amount?'],
	max: ['max', 'amount?'],
	commissionPercent: ['commission_percent', 'amount?'],
	commissionSum: ['commission_sum', 'amount?'],
};

const SBP_BANK_FIELDS: FieldTable = {
	bankId: ['bankId', 'text'],
	name: ['bankName', 'text'],
	icon: ['bankIcon', 'text?'],
};

/** Payout → Get Rates: every rate aaio sends (USD, UAH, USDT, BTC), as a number. */
function payoutRates(body: IDataObject, { checkedAt }: { checkedAt: string }): Simplified {
	const rates: IDataObject = {};
	for (const [currency, rate] of Object.entries(body)) {
		if (currency === 'type') continue;
		const amount = toAmount(rate);
		if (amount === undefined) return { missing: currency };
		rates[currency] = amount;
	}
	return { item: { ...rates, checkedAt } };
}

const show = (operation: string[]) => ({ show: { resource: ['payout'], operation } });

export const payoutDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payout'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a payout',
				description:
					'Pay out from the balance to a card, SBP, a phone or a wallet. My ID is looked up first, and again if the answer is lost: a payout is never sent twice.',
				routing: aaioRouting({
					method: 'POST',
					url: '/api/create-payoff',
					preSend: [checkPayoutInput],
					send: createPayout(aaioPayouts),
					output: outputItems(aaio, { simplify: (body) => readFields(body, PAYOUT_FIELDS) }),
				}),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a payout',
				description: 'Get a payout by your ID or by aaio\'s ID: status, amounts, fee',
				routing: aaioRouting({
					method: 'POST',
					url: '/api/info-payoff',
					output: outputItems(aaio, { simplify: (body) => readFields(body, PAYOUT_FIELDS) }),
				}),
			},
			{
				name: 'Get Methods',
				value: 'getMethods',
				action: 'Get payout methods',
				description: 'Get the payout methods open to your account, one item per method',
				routing: aaioRouting({
					method: 'POST',
					url: '/api/methods-payoff',
					output: outputItems(aaio, {
						entries: codedEntries,
						simplify: (entry) => readFields(entry, PAYOUT_METHOD_FIELDS),
					}),
				}),
			},
			{
				name: 'Get Rates',
				value: 'getRates',
				action: 'Get payout exchange rates',
				description: 'Get the exchange rates aaio uses for payouts in USD, UAH, USDT and BTC',
				routing: aaioRouting({
					method: 'POST',
					url: '/api/rates-payoff',
					output: outputItems(aaio, { simplify: payoutRates }),
				}),
			},
			{
				name: 'Get SBP Banks',
				value: 'getSbpBanks',
				action: 'Get SBP banks for payouts',
				description: 'Get the banks an SBP payout can go to, one item per bank',
				routing: aaioRouting({
					method: 'POST',
					url: '/api/sbp-banks-payoff',
					output: outputItems(aaio, {
						entries: listEntries,
						simplify: (entry) => readFields(entry, SBP_BANK_FIELDS),
					}),
				}),
			},
		],
		default: 'create',
	},

	// Payout → Create
	{
		displayName: 'My ID',
		name: 'myId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'payout-2026-0001',
		displayOptions: show(['create']),
		description:
			"Your own unique ID for this payout (aaio's my_id). Keep it: if the answer to the create request is lost, the node finds the payout by this ID, and so can you.",
		routing: { send: { type: 'body', property: 'my_id' } },
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'Bank Card (RU)', value: 'cards_ru' },
			{ name: 'Bank Card (UA)', value: 'cards_ua' },
			{ name: 'Bitcoin', value: 'bitcoin' },
			{ name: 'Litecoin', value: 'litecoin' },
			{ name: 'Mobile Phone (RU)', value: 'mobile_ru' },
			{ name: 'Payeer (RUB)', value: 'payeer' },
			{ name: 'Perfect Money (USD)', value: 'perfectmoney' },
			{ name: 'QIWI', value: 'qiwi' },
			{ name: 'SBP (Faster Payments System)', value: 'sbp' },
			{ name: 'TRON', value: 'tron' },
			{ name: 'USDT (TRC-20)', value: 'tether_trc20' },
			{ name: 'YooMoney', value: 'yoomoney' },
		],
		default: 'cards_ru',
		displayOptions: show(['create']),
		description:
			'How to pay out. Payout → Get Methods lists the methods open to your account; an expression may give any aaio payout code.',
		routing: { send: { type: 'body', property: 'method' } },
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: '1500.50',
		displayOptions: show(['create']),
		description: 'The amount in RUB, with a point as the decimal separator',
		routing: { send: { type: 'body', property: 'amount' } },
	},
	{
		displayName: 'Wallet',
		name: 'wallet',
		type: 'string',
		required: true,
		default: '',
		placeholder: '2200700012345678',
		displayOptions: show(['create']),
		description:
			'Where the money goes: the card number, phone number or wallet address, without spaces or separators',
		routing: { send: { type: 'body', property: 'wallet' } },
	},
	{
		displayName: 'Bank ID',
		name: 'bank',
		type: 'string',
		required: true,
		default: '',
		placeholder: '100000000111',
		displayOptions: { show: { resource: ['payout'], operation: ['create'], method: ['sbp'] } },
		description: 'The bank to pay out to over SBP: its bankId from Payout → Get SBP Banks',
		routing: { send: { type: 'body', property: 'bank' } },
	},
	{
		displayName: 'Mobile Operator',
		name: 'mobileOperator',
		type: 'options',
		required: true,
		// No default: a payout to a phone must name its operator.
		options: MOBILE_OPERATORS,
		default: '',
		displayOptions: {
			show: { resource: ['payout'], operation: ['create'], method: ['mobile_ru'] },
		},
		description: 'The operator of the phone number',
		routing: { send: { type: 'body', property: 'mobile_operator' } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['create']),
		options: [
			{
				displayName: 'Commission Type',
				name: 'commissionType',
				type: 'options',
				options: [
					{ name: 'From the Amount', value: 0 },
					{ name: 'From the Balance', value: 1 },
				],
				default: 0,
				description:
					'Whether aaio takes its fee from the amount (the recipient gets less) or from the rest of the balance',
				routing: { send: { type: 'body', property: 'commission_type' } },
			},
			{
				displayName: 'Webhook URL',
				name: 'webhookUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/aaio/payout',
				description:
					'Where aaio sends the notification when the payout is done or cancelled, instead of the URL in the account settings',
				routing: { send: { type: 'body', property: 'webhook_url' } },
			},
		],
	},
	lookupWindowProperty(aaioPayouts),

	// Payout → Get
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{ name: 'Aaio Payout ID', value: 'id', description: 'The UUID aaio gave the payout' },
			{ name: 'My ID', value: 'my_id', description: 'The ID you gave the payout when you created it' },
		],
		default: 'my_id',
		displayOptions: show(['get']),
	},
	{
		displayName: 'Payout ID',
		name: 'payoutId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: show(['get']),
		description: 'The My ID or the aaio ID of the payout, as chosen in Find By',
		routing: { send: { type: 'body', property: '={{ $parameter.findBy }}' } },
	},
];
