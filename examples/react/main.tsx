import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

const user = new URLSearchParams(location.search).get('user') ?? 'alice';
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App user={user} />
  </StrictMode>,
);
