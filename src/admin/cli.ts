// The operators' commands (npm run cli -- users:…): create an account, list them, disable or enable one,
// and reset a password (and TOTP) for someone locked out. Each change goes to the audit log as "cli".
import type { CliCommand, CliContext, ParsedArgs } from '../cli/command.ts';
import { CliUsageError, requireOption } from '../cli/command.ts';
import { systemClock } from '../container.ts';
import type { AdminDeps } from './admin-deps.ts';
import { CLI_ACTOR } from './audit.ts';
import { createUser } from './create-user.ts';
import { resetPassword, setDisabled } from './manage-user.ts';
import { MIN_PASSWORD_LENGTH } from './password-policy.ts';
import { ROLES, isRole } from './roles.ts';
import { findUserByEmail, listUsers } from './users.ts';

const depsOf = (context: CliContext): AdminDeps => ({ db: context.db, secrets: context.secrets, clock: systemClock });

async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const PASSWORD_PROBLEMS = {
  'too-short': `shorter than ${MIN_PASSWORD_LENGTH} characters`,
  'too-long': 'longer than 256 characters',
  common: 'one of the 10,000 most common passwords',
  'like-email': 'the same as the address',
} as const;

async function passwordOption(context: CliContext, args: ParsedArgs): Promise<string | undefined> {
  return args.options['password-stdin'] === true ? readStdin(context.stdin) : undefined;
}

async function userByEmail(context: CliContext, args: ParsedArgs) {
  const email = requireOption(args, 'email');
  const user = await findUserByEmail(context.db, context.secrets, email);
  if (!user) throw new CliUsageError(`no account for ${email}`);
  return user;
}

const create: CliCommand = {
  name: 'users:create',
  usage: `--email E --role ${ROLES.join('|')} [--password-stdin]`,
  summary: 'create an account; prints a one-time password (or takes one from stdin)',
  async run(context, args) {
    const email = requireOption(args, 'email');
    const role = requireOption(args, 'role');
    if (!isRole(role)) throw new CliUsageError(`--role must be one of ${ROLES.join(', ')}`);
    const password = await passwordOption(context, args);
    const result = await createUser(depsOf(context), { email, role, ...(password !== undefined ? { password } : {}), actor: CLI_ACTOR });
    if (result.kind === 'bad-email') throw new CliUsageError(`--email: not an email address: ${email}`);
    if (result.kind === 'exists') throw new CliUsageError(`an account for ${email} exists already`);
    if (result.kind === 'bad-password') throw new CliUsageError(`the password is ${PASSWORD_PROBLEMS[result.problem]}`);
    context.out.write(`created ${role} ${result.email} (user ${result.id})\n`);
    if (password === undefined) context.out.write(`one-time password: ${result.password}\n`);
    context.out.write('it must be changed at the first login at /admin/login\n');
    return 0;
  },
};

const list: CliCommand = {
  name: 'users:list',
  usage: '',
  summary: 'list the accounts (id, address, role, state, TOTP, last login)',
  async run(context) {
    for (const u of await listUsers(context.db, context.secrets)) {
      const state = u.disabled ? 'disabled' : u.mustChangePassword ? 'one-time-password' : 'active';
      context.out.write(`${[u.id, u.email, u.role, state, u.hasTotp ? 'totp' : 'no-totp', u.lastLoginAt?.toISOString() ?? 'never'].join('\t')}\n`);
    }
    return 0;
  },
};

function toggle(name: string, disabled: boolean): CliCommand {
  return {
    name,
    usage: '--email E',
    summary: disabled ? 'disable an account and end its sessions' : 'enable a disabled account',
    async run(context, args) {
      const user = await userByEmail(context, args);
      const result = await setDisabled(depsOf(context), { userId: user.id, actor: CLI_ACTOR, disabled });
      if (result.kind === 'last-admin') throw new CliUsageError(`${user.email} is the last admin who can sign in`);
      context.out.write(`${disabled ? 'disabled' : 'enabled'} ${user.email}\n`);
      return 0;
    },
  };
}

const reset: CliCommand = {
  name: 'users:reset-password',
  usage: '--email E [--password-stdin] [--reset-totp]',
  summary: 'a new one-time password, sessions ended, lockout lifted; --reset-totp removes TOTP too',
  async run(context, args) {
    const user = await userByEmail(context, args);
    const password = await passwordOption(context, args);
    const result = await resetPassword(depsOf(context), { userId: user.id, actor: CLI_ACTOR, ...(password !== undefined ? { password } : {}), resetTotp: args.options['reset-totp'] === true });
    if (result.kind === 'bad-password') throw new CliUsageError(`the password is ${PASSWORD_PROBLEMS[result.problem]}`);
    if (result.kind !== 'ok') throw new CliUsageError(`no account for ${user.email}`);
    context.out.write(`reset ${user.email}${args.options['reset-totp'] === true ? ' (TOTP removed)' : ''}\n`);
    if (password === undefined) context.out.write(`one-time password: ${result.password}\n`);
    return 0;
  },
};

export const userCommands: readonly CliCommand[] = [create, list, toggle('users:disable', true), toggle('users:enable', false), reset];
