import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { balanceDescription } from './descriptions/BalanceDescription';
import { invoiceDescription } from './descriptions/InvoiceDescription';
import { notificationDescription } from './descriptions/NotificationDescription';
import { enabledOnlyProperty, paymentTariffDescription } from './descriptions/PaymentTariffDescription';
import { payoutDescription } from './descriptions/PayoutDescription';
import { sbpBankDescription } from './descriptions/SbpBankDescription';
import { simplifyProperty } from '../shared/routing';

export class Morune implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Morune',
		name: 'morune',
		icon: { light: 'file:morune.svg', dark: 'file:morune.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Create invoices and payouts, read the balance, payment tariffs and SBP banks of a morune (enot.io) account, and verify its notifications',
		defaults: { name: 'Morune' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'moruneApi', required: true }],
		// Every request goes through the one transport (nodes/shared/transport.ts), which sends it
		// to the Base URL of the credential. The literal here is only what n8n's RoutingNode needs to
		// know the node's own endpoint; an expression would cost an evaluation per item.
		requestDefaults: { baseURL: 'https://api.morune.com' },
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Balance', value: 'balance' },
					{ name: 'Invoice', value: 'invoice' },
					{ name: 'Notification', value: 'notification' },
					{ name: 'Payment Tariff', value: 'paymentTariff' },
					{ name: 'Payout', value: 'payout' },
					{ name: 'SBP Bank', value: 'sbpBank' },
				],
				default: 'balance',
			},
			...balanceDescription,
			...invoiceDescription,
			...notificationDescription,
			...paymentTariffDescription,
			...payoutDescription,
			...sbpBankDescription,
			simplifyProperty(
				['invoice', 'paymentTariff', 'payout', 'sbpBank'],
				'Whether to return clean items (the data envelope unwrapped, amounts as numbers, one item per list entry) instead of the raw API response',
			),
			enabledOnlyProperty,
		],
	};
}
