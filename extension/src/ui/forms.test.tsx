import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { CreateAccountForm, nameFromDomain } from './create-account-form';
import { type StakeholderDraft, StakeholderForm } from './stakeholder-form';

let root: HTMLElement;
beforeEach(() => {
  document.body.innerHTML = '<div id="root"></div>';
  root = document.getElementById('root') as HTMLElement;
});

function type(input: HTMLInputElement | null, value: string) {
  if (!input) throw new Error('no input');
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function submit(form: Element | null) {
  await act(async () => {
    form?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

describe('StakeholderForm', () => {
  it('should send the prefilled person with the chosen roles, stance and influence', async () => {
    const onSave = vi.fn(async (_d: StakeholderDraft) => ({ ok: true as const }));
    render(
      <StakeholderForm
        accountName="Acme"
        initial={{ name: 'Jane Doe', email: 'jane@acme.example' }}
        onSave={onSave}
        onCancel={() => {}}
      />,
      root,
    );
    const inputs = root.querySelectorAll('input');
    expect((inputs[0] as HTMLInputElement).value).toBe('Jane Doe');
    await act(() => type(root.querySelector('label:nth-of-type(3) input'), 'CFO'));
    const roles = [...root.querySelectorAll<HTMLInputElement>('fieldset input[type=checkbox]')];
    await act(() => {
      roles[0]?.click();
      roles[2]?.click();
    });
    const [stance, influence] = [...root.querySelectorAll('select')];
    await act(() => {
      if (stance) stance.value = 'champion';
      stance?.dispatchEvent(new Event('change', { bubbles: true }));
      if (influence) influence.value = 'high';
      influence?.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await submit(root.querySelector('form'));
    expect(onSave).toHaveBeenCalledWith({
      name: 'Jane Doe',
      email: 'jane@acme.example',
      title: 'CFO',
      roles: ['economic_buyer', 'purchasing'],
      stance: 'champion',
      influence: 'high',
    });
    expect(root.querySelector('[role=alert]')).toBeNull();
  });

  it("should show the server's reason and keep what was typed when saving fails", async () => {
    const onSave = vi.fn(async () => ({
      ok: false as const,
      message: 'jane@acme.example belongs to Jane Roe already',
    }));
    render(
      <StakeholderForm
        accountName="Acme"
        initial={{ name: 'Jane', email: 'jane@acme.example' }}
        onSave={onSave}
        onCancel={() => {}}
      />,
      root,
    );
    await submit(root.querySelector('form'));
    expect(root.querySelector('[role=alert]')?.textContent).toBe(
      'jane@acme.example belongs to Jane Roe already',
    );
    expect((root.querySelector('input') as HTMLInputElement).value).toBe('Jane');
  });
});

describe('CreateAccountForm', () => {
  it.each([
    ['acme.example', 'Acme'],
    ['eu.acme-industries.co.uk', 'Acme Industries'],
    ['globex.com', 'Globex'],
  ])('should guess a name from %s: %s', (domain, name) => {
    expect(nameFromDomain(domain)).toBe(name);
  });

  it('should submit the prefilled name and domain', async () => {
    const onSave = vi.fn(async () => ({ ok: true as const }));
    render(
      <CreateAccountForm
        initial={{ name: 'Globex', domain: 'globex.com' }}
        onSave={onSave}
        onCancel={() => {}}
      />,
      root,
    );
    await submit(root.querySelector('form'));
    expect(onSave).toHaveBeenCalledWith({ name: 'Globex', domain: 'globex.com' });
  });
});
