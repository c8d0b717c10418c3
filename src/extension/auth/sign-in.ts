import * as vscode from 'vscode';
import * as z from 'zod/mini';
// zod/mini: this module is evaluated at activation, and classic zod is most of a bundle (see esbuild.mjs).
import type { SignedInAccount, SupabaseAuth } from './auth-service';
import type { OAuthRedirectHandler } from './oauth-redirect';
import { promptText } from '../untrusted-text';

/**
 * What `refinery.signIn` accepts as an argument, so tests (and other extensions) can sign in
 * without the input boxes. Without one the user picks a method.
 */
export const SignInRequest = z.discriminatedUnion('method', [
  z.object({ method: z.literal('password'), email: z.email(), password: z.string().check(z.minLength(1)) }),
  z.object({ method: z.literal('email-code'), email: z.email(), code: z.string().check(z.minLength(1)) }),
]);
export type SignInRequest = z.infer<typeof SignInRequest>;

const EMAIL = z.email();

async function askEmail(): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Refinery: Sign In',
    prompt: 'E-mail address of your Supabase account',
    ignoreFocusOut: true,
    validateInput: (value) => (EMAIL.safeParse(value.trim()).success ? undefined : 'Enter an e-mail address'),
  });
}

export class SignInFlow {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly auth: SupabaseAuth,
    private readonly redirects: OAuthRedirectHandler,
  ) {}

  /** Runs the sign-in the request names, or asks the user; undefined when they cancel. */
  async run(request?: SignInRequest): Promise<SignedInAccount | undefined> {
    if (request?.method === 'password') return this.auth.signInWithPassword(request.email, request.password);
    if (request?.method === 'email-code') return this.auth.verifyEmailCode(request.email, request.code);
    const method = await vscode.window.showQuickPick(
      [
        { label: '$(github) GitHub', id: 'github' as const },
        { label: '$(mail) E-mail and one-time code', id: 'code' as const },
        { label: '$(key) E-mail and password', id: 'password' as const },
      ],
      { title: 'Refinery: Sign In to Supabase', placeHolder: 'How do you sign in?', ignoreFocusOut: true },
    );
    if (method?.id === 'github') return this.gitHub();
    if (method?.id === 'code') return this.emailCode();
    if (method?.id === 'password') return this.password();
    return undefined;
  }

  private async password(): Promise<SignedInAccount | undefined> {
    const email = await askEmail();
    if (!email) return undefined;
    const password = await vscode.window.showInputBox({ title: 'Refinery: Sign In', prompt: promptText`Password for ${email}`, password: true, ignoreFocusOut: true });
    if (!password) return undefined;
    return this.auth.signInWithPassword(email.trim(), password);
  }

  private async emailCode(): Promise<SignedInAccount | undefined> {
    const email = (await askEmail())?.trim();
    if (!email) return undefined;
    await this.auth.sendEmailCode(email);
    const code = await vscode.window.showInputBox({
      title: 'Refinery: Sign In',
      prompt: promptText`Enter the code sent to ${email}`,
      ignoreFocusOut: true,
      validateInput: (value) => (/^\d{6,10}$/.test(value.trim()) ? undefined : 'The code is the digits from the e-mail'),
    });
    if (!code) return undefined;
    return this.auth.verifyEmailCode(email, code.trim());
  }

  private async gitHub(): Promise<SignedInAccount | undefined> {
    const redirectTo = await this.redirects.redirectUrl(this.context);
    const url = await this.auth.gitHubSignInUrl(redirectTo);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Signing in with GitHub in the browser…', cancellable: true },
      async (_progress, token) => {
        const code = this.redirects.waitForCode(token);
        if (!(await vscode.env.openExternal(vscode.Uri.parse(url)))) throw new vscode.CancellationError();
        return this.auth.completeOAuth(await code);
      },
    );
  }
}
