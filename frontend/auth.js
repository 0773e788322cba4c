// Signing in and creating an account. Errors are the server's own sentences (the problem detail).
export function authScreen({ form, api, onSignedIn }) {
  const $ = (s) => form.querySelector(s);
  const error = $('#auth-error');
  let registering = false;

  function setMode(register) {
    registering = register;
    form.querySelectorAll('[data-register]').forEach((el) => { el.hidden = !register; });
    $('#auth-title').textContent = register ? 'Create your account' : 'Sign in';
    $('#auth-lead').textContent = register ? 'Pick a username people can find you by.'
      : 'Welcome back. Sign in to continue your conversations.';
    $('#auth-submit').textContent = register ? 'Create account' : 'Sign in';
    $('#auth-switch-text').textContent = register ? 'Already have an account?' : 'New to Lowband?';
    $('#auth-switch').textContent = register ? 'Sign in' : 'Create an account';
    form.password.autocomplete = register ? 'new-password' : 'current-password';
    show(null);
  }

  function show(message) {
    error.textContent = message || '';
    error.hidden = !message;
  }

  $('#auth-switch').addEventListener('click', () => {
    setMode(!registering);
    form.username.focus();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = form.username.value.trim().toLowerCase();
    const password = form.password.value;
    if (!username || !password) {
      show('Enter your username and password.');
      return;
    }
    const button = $('#auth-submit');
    button.disabled = true;
    try {
      if (registering) {
        await api.post('/api/users', { username, password, displayName: form.displayName.value.trim() || null });
      }
      const issued = await api.post('/api/tokens', { username, password });
      form.password.value = '';
      onSignedIn(issued);
    } catch (e) {
      show(e.message);
    } finally {
      button.disabled = false;
    }
  });

  return (message) => {
    setMode(false);
    show(message);
    form.username.focus();
  };
}
