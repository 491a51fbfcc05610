import type {
	IAuthenticate,
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import type { CredentialTest } from '../nodes/shared/ownRequests';
import { refuseOtherNodes } from '../nodes/shared/ownRequests';

/** The credential's test: a balance read (the key needs no special permission for it). */
const TEST: CredentialTest = { method: 'POST', path: () => '/api/balance' };

export class AaioApi implements ICredentialType {
	name = 'aaioApi';

	displayName = 'Aaio API';

	icon: Icon = { light: 'file:../nodes/Aaio/aaio.svg', dark: 'file:../nodes/Aaio/aaio.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-aaio-morune/n8n-nodes-aaio-morune#aaio-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The API key from aaio.so/business/api/keys. Reading the balance needs no special permission; the other operations need the permissions listed in the README.',
		},
		{
			displayName: 'Merchant ID',
			name: 'merchantId',
			type: 'string',
			default: '',
			placeholder: 'f56b279c-d250-11ed-afa1-0242ac120002',
			description:
				'The ID of your shop, from its settings in the aaio cabinet. Needed to create payment URLs, get orders and get payment methods.',
		},
		{
			displayName: 'Secret Key 1',
			name: 'secretKey1',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"The shop's secret key №1, which signs payment URLs. Needed to create payment URLs.",
		},
		{
			displayName: 'Secret Key 2',
			name: 'secretKey2',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: "The shop's secret key №2, which verifies payment notifications",
		},
		{
			displayName: 'Payout Notification Secret',
			name: 'payoutSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The secret key that signs payout notifications, set on aaio.so/business/api/payoff-webhook (an account key, not a shop key)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://aaio.so',
			description: 'Change it only for the old domain (https://aaio.io) or a test server',
		},
	];

	// A function rather than a generic `={{$credentials.apiKey}}` header: n8n would evaluate
	// that expression again for every item.
	/**
	 * Only this package's nodes (and their AI tool variants) may use this credential, not n8n's
	 * HTTP Request node: the API key can create payouts («Вывод средств»), and the HTTP Request node sends a credential to any host a workflow
	 * names. n8n 2.x refuses to decrypt it for any other node; n8n 1.x does not, so `authenticate`
	 * adds the key only to this package's own requests and the credential's test (ownRequests.ts).
	 */
	restrictToSupportedNodes = true as const;

	authenticate: IAuthenticate = async (credentials, requestOptions) => {
		refuseOtherNodes(this.displayName, TEST, credentials, requestOptions);
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, 'X-Api-Key': String(credentials.apiKey ?? '') },
		};
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.trim().replace(new RegExp("/+$"), "") }}',
			url: TEST.path({}),
			method: TEST.method,
			headers: { Accept: 'application/json' },
		},
		// n8n's credential tester checks status-code and body rules alike, in order; its type
		// only wants one kind per list.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'aaio rejected the API key (HTTP 401). Copy it again from aaio.so/business/api/keys.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 429,
					message: 'aaio is rate limiting requests (HTTP 429). Wait a minute, then test again.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'type',
					value: 'error',
					message:
						'aaio answered with an error: the API key is wrong or not allowed to read the balance. Check it on aaio.so/business/api/keys.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'type',
					value: 'fail',
					message:
						'aaio answered with a failure: the API key is wrong or not allowed to read the balance. Check it on aaio.so/business/api/keys.',
				},
			},
		] as Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> as IAuthenticateRuleResponseCode[],
	};
}
