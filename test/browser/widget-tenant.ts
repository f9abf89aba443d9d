/**
 * The browser suite's widget tenant (`widget.localhost`): a questionnaire that branches on the first answer,
 * with every question type, a variant "b" for half the visitors, a theme and a call to action.
 *   size = small → email → consent → end
 *   size = mid   → interest → phone (optional) → email → consent → end
 */
export const WIDGET_TENANT = {
  name: 'Widget',
  hosts: ['widget.localhost'],
  serve_examples: true,
  widget: {
    greeting: 'Hi! A few quick questions and we will connect you with sales.',
    language: 'en',
    questions: [
      {
        id: 'size',
        type: 'single',
        text: 'How big is your team?',
        options: [
          { label: '1-10', value: 'small', points: 0, next: 'email' },
          { label: '11-200', value: 'mid', points: 10 },
        ],
      },
      {
        id: 'interest',
        type: 'multiple',
        text: 'What are you interested in?',
        options: [
          { label: 'Attribution', value: 'attribution', points: 5, signal: 'product_interest' },
          { label: 'Live chat', value: 'chat', points: 5 },
        ],
      },
      { id: 'phone', type: 'phone', text: 'A phone number for a quick call?', required: false },
      { id: 'email', type: 'email', text: 'Where can we reach you?' },
      { id: 'consent', type: 'consent', text: 'I agree to be contacted about my request.' },
    ],
    variants: [{ id: 'b', weight: 50, greeting: 'Hello! Variant b asks first.', texts: { size: 'What is the size of your team?' } }],
    theme: { primary: '#1f4fd1', agent_name: 'Ana from Acme', launcher_text: 'Questions? Chat with us' },
    cta: { label: 'Book a demo', url: 'https://example.com/demo', kind: 'book_demo' },
  },
};
