import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

type Setting = 'token' | 'replaceExistingUrl' | 'registerWhileTesting';

/** A setting of the trigger, under Options. */
export function setting<T extends string | boolean>(
	ctx: IHookFunctions | IWebhookFunctions,
	name: Setting,
	fallback: T,
): T {
	return ctx.getNodeParameter(`options.${name}`, fallback) as T;
}
