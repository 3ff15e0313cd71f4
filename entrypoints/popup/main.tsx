import { render } from 'preact';
render(<h1>Hello</h1>, document.getElementById('app')!);
