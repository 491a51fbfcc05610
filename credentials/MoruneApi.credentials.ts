import type {
	IAuthenticate,
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	Icon,
	ICredentialTestRequest,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import type { CredentialTest } from '../nodes/shared/ownRequests';
import { refuseOtherNodes } from '../nodes/shared/ownRequests';

/** The credential's test: a balance read, as `test.request` below writes it. */
const TEST: CredentialTest = {
	method: 'GET',
	path: (credentials) => `/account/users/${encodeURIComponent(String(credentials.userId ?? ''))}/balance`,
};

/** Shop endpoints (`/invoice/…`, `/shops/…`) take the shop's secret; all others the user's. */
const SHOP_PATH = /^\/(invoice|shops)\//;

/**
 * morune has two keys: shop endpoints take the shop secret as `x-api-key`, account endpoints
 * (balance, payouts, SBP banks) the user secret as `x-api-signature-sha256`. Each request
 * carries only the header its endpoint needs, so neither secret goes where it is not asked for.
 */
async function authenticateByEndpoint(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const path = new URL(requestOptions.url, 'http://relative.invalid').pathname;
	const header = SHOP_PATH.test(path)
		? { 'x-api-key': String(credentials.shopSecretKey ?? '') }
		: { 'x-api-signature-sha256': String(credentials.secretKey ?? '') };
	return { ...requestOptions, headers: { ...requestOptions.headers, ...header } };
}

export class MoruneApi implements ICredentialType {
	name = 'moruneApi';

	displayName = 'Morune API';

	icon: Icon = {
		light: 'file:../nodes/Morune/morune.svg',
		dark: 'file:../nodes/Morune/morune.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-aaio-morune/n8n-nodes-aaio-morune#morune-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			required: true,
			default: '',
			placeholder: '0a371bbe-56f3-11ee-8c99-0242ac120002',
			description:
				'Your account UUID, from Profile settings → Integration in the morune cabinet. Account requests (balance, payouts, SBP banks) carry it.',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The secret key from Profile settings → Integration, sent as the x-api-signature-sha256 header (balance, payouts, SBP banks)',
		},
		{
			displayName: 'Shop ID',
			name: 'shopId',
			type: 'string',
			default: '',
			placeholder: '9a4b3c2d-56f3-11ee-8c99-0242ac120002',
			description:
				'Needed for invoices and payment tariffs: the shop (cash register) UUID, from Cash registers → Integration in the morune cabinet',
		},
		{
			displayName: 'Shop Secret Key',
			name: 'shopSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Needed for invoices and payment tariffs: the secret key from Cash registers → Integration, sent as the x-api-key header',
		},
		{
			displayName: 'Shop Additional Key',
			name: 'shopWebhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The additional key from Cash registers → Integration. It signs payment webhooks; no API request uses it.',
		},
		{
			displayName: 'User Additional Key',
			name: 'userWebhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The additional key from Profile settings → Integration. It signs payout webhooks; no API request uses it.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.morune.com',
			description: 'Change it only for a test server, or https://api.enot.io for an enot.io account',
		},
	];

	/**
	 * Only this package's nodes (and their AI tool variants) may use this credential, not n8n's
	 * HTTP Request node: the secret key creates payouts, and the HTTP Request node sends a credential to any host a workflow
	 * names. n8n 2.x refuses to decrypt it for any other node; n8n 1.x does not, so `authenticate`
	 * adds a key only to this package's own requests and the credential's test (ownRequests.ts).
	 */
	restrictToSupportedNodes = true as const;

	authenticate: IAuthenticate = async (credentials, requestOptions) => {
		refuseOtherNodes(this.displayName, TEST, credentials, requestOptions);
		return await authenticateByEndpoint(credentials, requestOptions);
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.trim().replace(new RegExp("/+$"), "") }}',
			url: '=/account/users/{{ encodeURIComponent($credentials.userId) }}/balance',
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
					message:
						'morune rejected the user ID or the secret key (HTTP 401). Copy both again from Profile settings → Integration.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 422,
					message:
						'morune rejected the user ID (HTTP 422): it must be the account UUID from Profile settings → Integration.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'morune does not know this address (HTTP 404). Check the user ID and the Base URL.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status_check',
					value: false,
					message: 'morune answered with an error. Check the user ID and the secret key.',
				},
			},
		] as Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> as IAuthenticateRuleResponseCode[],
	};
}
