// Sluice console: the users and permissions pages (uses el, api, flash, main, route from app.js).
// Every value from the broker is put into the page as text nodes, never as markup.
'use strict';

const PERMISSIONS = ['produce', 'consume', 'browse', 'create', 'delete', 'admin'];

// Shows a failed request's message under its form and marks the input it names.
function formError(form, error, e) {
  form.querySelectorAll('.invalid').forEach(i => { i.classList.remove('invalid'); i.removeAttribute('aria-invalid'); });
  error.textContent = e ? e.message : '';
  if (e && e.field) {
    const input = form.querySelector(`[data-field="${e.field}"]`);
    if (input) { input.classList.add('invalid'); input.setAttribute('aria-invalid', 'true'); }
  }
}

async function usersPage() {
  const users = await api('GET', '/api/users');
  const error = el('div', { class: 'error', id: 'user-error', role: 'alert' });
  const f = el('form', { class: 'inline panel narrow-stack', id: 'user-form', autocomplete: 'off', onsubmit: async ev => {
    ev.preventDefault(); formError(f, error);
    const roles = f.roles.value.split(',').map(r => r.trim()).filter(r => r !== '');
    try {
      await api('POST', '/api/users', { username: f.username.value, password: f.password.value, roles });
      flash('Created user ' + f.username.value); route();
    } catch (e) { formError(f, error, e); }
  } },
  el('label', {}, 'Username', el('input', { name: 'username', id: 'new-username', 'data-field': 'username', required: true, autocomplete: 'off' })),
  el('label', {}, 'Password (8 or more characters)', el('input', { name: 'password', id: 'new-password', 'data-field': 'password', type: 'password', required: true, autocomplete: 'new-password' })),
  el('label', {}, 'Roles, comma-separated', el('input', { name: 'roles', id: 'new-roles', 'data-field': 'roles', placeholder: 'e.g. apps, admin' })),
  el('button', { type: 'submit', id: 'create-user' }, 'Create user'), error);
  const rows = users.flatMap(u => {
    const pwError = el('div', { class: 'error', role: 'alert' });
    const pw = el('form', { class: 'inline password-form', autocomplete: 'off', onsubmit: async ev => {
      ev.preventDefault(); formError(pw, pwError);
      try {
        await api('POST', '/api/users/password', { username: u.username, password: pw.password.value, currentPassword: pw.current.value });
        flash('Changed the password of ' + u.username); pw.reset(); detail.hidden = true;
      } catch (e) { formError(pw, pwError, e); }
    } },
    el('label', {}, 'New password', el('input', { name: 'password', type: 'password', 'data-field': 'password', required: true, autocomplete: 'new-password' })),
    el('label', {}, 'Current password (only for your own, without admin)', el('input', { name: 'current', type: 'password', 'data-field': 'currentPassword', autocomplete: 'current-password' })),
    el('button', { type: 'submit' }, 'Save'), pwError);
    const detail = el('tr', { class: 'detail', hidden: true }, el('td', { colspan: 3 }, pw));
    const row = el('tr', { class: 'user', 'data-username': u.username },
      el('td', { class: 'name' }, u.username),
      el('td', {}, u.roles.length ? u.roles.map(r => el('span', { class: 'pill' }, r)) : el('span', { class: 'muted' }, 'none')),
      el('td', { class: 'actions' },
        el('button', { class: 'secondary', onclick: () => { detail.hidden = !detail.hidden; } }, 'Password'),
        el('a', { class: 'button secondary', href: '#/permissions/user/' + encodeURIComponent(u.username) }, 'Permissions'),
        el('button', { class: 'danger delete-user', onclick: async () => {
          if (!confirm('Delete user ' + u.username + ' and every permission granted to it?')) return;
          try { await api('POST', '/api/users/delete', { username: u.username }); flash('Deleted user ' + u.username); route(); } catch (e) { flash(e.message, true); }
        } }, 'Delete')));
    return [row, detail];
  });
  main().replaceChildren(el('h1', {}, 'Users'), f,
    el('div', { class: 'scroll' }, el('table', { id: 'users' }, el('thead', {}, el('tr', {}, el('th', {}, 'Username'), el('th', {}, 'Roles'), el('th', {}, ''))), el('tbody', {}, rows))),
    el('p', { class: 'muted', hidden: users.length > 0 }, 'No users yet.'));
}

async function permissionsPage(type, principal) {
  const filter = { principalType: type === 'user' || type === 'role' ? type : '', principal: principal || '' };
  const [grants, users] = await Promise.all([api('GET', '/api/grants'), api('GET', '/api/users')]);
  const roles = [...new Set(users.flatMap(u => u.roles).concat(grants.filter(g => g.principalType === 'role').map(g => g.principal)))].sort();
  const userList = el('datalist', { id: 'known-users' }, users.map(u => el('option', { value: u.username })));
  const roleList = el('datalist', { id: 'known-roles' }, roles.map(r => el('option', { value: r })));
  const error = el('div', { class: 'error', id: 'grant-error', role: 'alert' });
  const principalInput = el('input', { name: 'principal', id: 'grant-principal', 'data-field': 'principal', required: true, list: 'known-users', value: filter.principal });
  const kind = el('select', { name: 'principalType', id: 'grant-type', 'data-field': 'principalType', onchange: () => principalInput.setAttribute('list', kind.value === 'role' ? 'known-roles' : 'known-users') },
    el('option', { value: 'user' }, 'user'), el('option', { value: 'role' }, 'role'));
  kind.value = filter.principalType || 'user';
  principalInput.setAttribute('list', kind.value === 'role' ? 'known-roles' : 'known-users');
  const boxes = PERMISSIONS.map(p => el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'permission', value: p, id: 'perm-' + p }), p));
  const f = el('form', { class: 'panel', id: 'grant-form', autocomplete: 'off', onsubmit: async ev => {
    ev.preventDefault(); formError(f, error);
    const permissions = [...f.querySelectorAll('input[name=permission]:checked')].map(i => i.value);
    try {
      await api('POST', '/api/grants', { principalType: kind.value, principal: principalInput.value, pattern: f.pattern.value, permissions });
      flash(`Granted ${permissions.join(', ')} on ${f.pattern.value} to ${kind.value} ${principalInput.value}`); route();
    } catch (e) { formError(f, error, e); }
  } },
  el('div', { class: 'toolbar narrow-stack' },
    el('label', {}, 'Grant to', kind), el('label', {}, 'Name', principalInput),
    el('label', {}, 'Destination pattern', el('input', { name: 'pattern', id: 'grant-pattern', 'data-field': 'pattern', required: true, placeholder: 'orders.*' }))),
  el('fieldset', { class: 'permissions', 'data-field': 'permissions' }, el('legend', {}, 'Permissions'), boxes),
  el('p', { class: 'muted hint' }, 'Patterns: words between dots; * matches one word, # any number of words (orders.* matches orders.eu, orders.# also orders and orders.eu.de, # everything).'),
  el('button', { type: 'submit', id: 'grant' }, 'Grant'), error, userList, roleList);

  const shownType = el('select', { id: 'filter-type' }, el('option', { value: '' }, 'Users and roles'), el('option', { value: 'user' }, 'Users'), el('option', { value: 'role' }, 'Roles'));
  shownType.value = filter.principalType;
  const shownName = el('input', { id: 'filter-principal', placeholder: 'Filter by name', value: filter.principal });
  const table = el('div', { class: 'scroll', id: 'grants-table' });
  const revoke = async (g, permissions) => {
    const what = permissions ? permissions.join(', ') : 'every permission';
    if (!confirm(`Revoke ${what} on ${g.pattern} from ${g.principalType} ${g.principal}?`)) return;
    try {
      const r = await api('POST', '/api/grants/revoke', { principalType: g.principalType, principal: g.principal, pattern: g.pattern, permissions: permissions || [] });
      flash(`Revoked ${r.revoked.join(', ')} on ${g.pattern} from ${g.principal}`); route();
    } catch (e) { flash(e.message, true); }
  };
  const render = () => {
    const needle = shownName.value.toLowerCase();
    const shown = grants.filter(g => (!shownType.value || g.principalType === shownType.value) && g.principal.toLowerCase().includes(needle));
    const rows = shown.map(g => el('tr', { class: 'grant', 'data-principal': g.principal, 'data-pattern': g.pattern },
      el('td', {}, g.principalType), el('td', { class: 'name' }, g.principal), el('td', { class: 'name pattern' }, g.pattern),
      el('td', { class: 'permission-list' }, g.permissions.map(p => el('span', { class: 'pill permission' }, p, ' ',
        el('button', { class: 'pill-x', title: `Revoke ${p}`, 'aria-label': `Revoke ${p}`, onclick: () => revoke(g, [p]) }, '×')))),
      el('td', {}, el('button', { class: 'danger revoke', onclick: () => revoke(g, null) }, 'Revoke'))));
    table.replaceChildren(shown.length
      ? el('table', { id: 'grants' }, el('thead', {}, el('tr', {}, ['Type', 'Name', 'Pattern', 'Permissions', ''].map(h => el('th', {}, h)))), el('tbody', {}, rows))
      : el('p', { class: 'muted' }, grants.length ? 'No grant matches the filter.' : 'Nothing granted yet: with security on, everything is denied unless granted (users with the admin role may do everything).'));
  };
  shownType.addEventListener('change', render);
  shownName.addEventListener('input', render);
  main().replaceChildren(el('h1', {}, 'Permissions'), f, el('h2', {}, 'Granted'), el('div', { class: 'toolbar' }, shownType, shownName), table);
  render();
}
