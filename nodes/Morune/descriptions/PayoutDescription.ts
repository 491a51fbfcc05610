import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { createPayout, lookupWindowProperty } from '../../shared/payout';
import { morunePayouts } from '../payout';
import { userIdIn } from '../provider';
import { checkFound, moruneRouting } from '../routing';
import { CREATED_PAYOUT, cleanEntry, PAYOUT, dataObject } from '../shape';
import type { FieldCheck } from '../validate';
import { amount, checkRequest, oneOf, text, url } from '../validate';

const show = (operation: string) => ({ show: { resource: ['payout'], operation: [operation] } });

/** An SBP payout needs the bank: refuse it without one rather than let morune decide. */
const sbpBank: FieldCheck = (body) => {
	const payoffData = (body.payoff_data ?? {}) as IDataObject;
	const bank = String(payoffData.sbp_bank_type ?? '').trim();
	if (bank) {
		payoffData.sbp_bank_type = bank;
		return undefined;
	}
	delete body.payoff_data;
	return /(^|_)sbp($|_)/i.test(String(body.service))
		? 'An SBP payout needs the SBP Bank ID (Additional Fields). SBP Bank → Get Many lists the banks and their IDs.'
		: undefined;
};

/** Payout → Create and Payout → Get: account endpoints, authenticated with the user secret key. */
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
					'Send money from the account balance. The order ID is looked up first, and again if the answer is lost: a payout is never sent twice.',
				routing: moruneRouting({
					request: { method: 'POST', url: '/payoff/create' },
					preSend: [
						checkRequest(
							'body',
							amount('amount', 'Amount'),
							text('service', 'Service', { required: true, max: 255, oneWord: true }),
							text('wallet_to', 'Wallet', { required: true, max: 255, oneWord: true }),
							text('order_id', 'Order ID', { required: true, max: 255 }),
							text('comment', 'Comment', { max: 255 }),
							url('hook_url', 'Hook URL', 500),
							sbpBank,
						),
					],
					send: createPayout(morunePayouts, userIdIn('body')),
					// A payout that was created is reported whatever its answer lacks.
					shape: {
						simplify: (body) => {
							const clean = cleanEntry(body.data, CREATED_PAYOUT, 'data');
							return 'item' in clean ? clean : { item: body };
						},
					},
				}),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a payout',
				description: 'Get the status and amounts of a payout by its ID or order ID',
				routing: moruneRouting({
					request: { method: 'GET', url: '/payoff/info' },
					fromCredentials: userIdIn('qs'),
					preSend: [checkRequest('qs', oneOf({ id: 'Payout ID', order_id: 'Order ID' }))],
					check: checkFound({
						thing: 'payout',
						check:
							'the payout ID or order ID, and that the payout belongs to the account in the Morune API credential',
					}),
					shape: dataObject(PAYOUT),
				}),
			},
		],
		default: 'create',
	},

	// Payout → Create
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		required: true,
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		displayOptions: show('create'),
		description: 'How much to pay out, in RUB; a point separates the decimals',
		routing: { send: { type: 'body', property: 'amount' } },
	},
	{
		displayName: 'Service',
		name: 'service',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'card',
		displayOptions: show('create'),
		description: 'The full code of the payout method, as the morune cabinet shows it',
		routing: { send: { type: 'body', property: 'service' } },
	},
	{
		displayName: 'Wallet',
		name: 'wallet',
		type: 'string',
		required: true,
		default: '',
		placeholder: '5536910012345678',
		displayOptions: show('create'),
		description: 'Where the money goes (card number, phone, wallet), without spaces',
		routing: { send: { type: 'body', property: 'wallet_to' } },
	},
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'payout-1001',
		displayOptions: show('create'),
		description:
			'Your ID of the payout, at most 255 characters. It is how the node finds the payout when an answer is lost, so make it unique.',
		routing: { send: { type: 'body', property: 'order_id' } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show('create'),
		options: [
			{
				displayName: 'Comment',
				name: 'comment',
				type: 'string',
				default: '',
				description: 'A note on the payout, at most 255 characters',
				routing: { send: { type: 'body', property: 'comment' } },
			},
			{
				displayName: 'Fee From',
				name: 'subtract',
				type: 'options',
				options: [
					{ name: 'Amount', value: 2, description: 'The fee is taken from the amount paid out' },
					{ name: 'Balance', value: 1, description: 'The fee is taken from the balance on top of the amount' },
				],
				default: 2,
				routing: { send: { type: 'body', property: 'subtract' } },
			},
			{
				displayName: 'Hook URL',
				name: 'hookUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/morune-payout-webhook',
				description: 'Where morune sends the payout webhook',
				routing: { send: { type: 'body', property: 'hook_url' } },
			},
			{
				displayName: 'SBP Bank ID',
				name: 'sbpBankId',
				type: 'string',
				default: '',
				placeholder: '100000000111',
				description: 'For SBP payouts: the bank, from SBP Bank → Get Many',
				routing: { send: { type: 'body', property: 'payoff_data.sbp_bank_type' } },
			},
		],
	},
	lookupWindowProperty(morunePayouts),

	// Payout → Get
	{
		displayName: 'Search By',
		name: 'searchBy',
		type: 'options',
		options: [
			{ name: 'Order ID', value: 'orderId', description: 'Your order ID, given when creating the payout' },
			{ name: 'Payout ID', value: 'id', description: 'The ID morune gave the payout' },
		],
		default: 'id',
		displayOptions: show('get'),
	},
	{
		displayName: 'Payout ID',
		name: 'payoutId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['payout'], operation: ['get'], searchBy: ['id'] } },
		routing: { send: { type: 'query', property: 'id' } },
	},
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'payout-1001',
		displayOptions: { show: { resource: ['payout'], operation: ['get'], searchBy: ['orderId'] } },
		routing: { send: { type: 'query', property: 'order_id' } },
	},
];
