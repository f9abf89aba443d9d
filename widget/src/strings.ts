/** The widget's own words in the shipped languages; the tenant's questions come in its own language. */
import type { Lang } from './types';

const en = {
  launcher: 'Chat with us',
  title: 'Chat',
  close: 'Close',
  next: 'Next',
  skip: 'Skip',
  required: 'Please answer this question.',
  email: 'Please enter a valid email address.',
  phone: 'Please enter a valid phone number, e.g. +1 555 123 4567.',
  consent: 'Please tick the box to continue.',
  thanks: "Thanks! We'll be in touch shortly.",
  progress: 'Progress',
  of: 'of',
  answer: 'Your answer',
  chat: 'Thanks! Write to us here and an agent will answer.',
  message: 'Write a message',
  send: 'Send',
  sending: 'sending…',
  held: 'This chat is open in another browser.',
};
export type Strings = typeof en;

const STRINGS: Record<Lang, Strings> = {
  en,
  'pt-BR': {
    launcher: 'Fale conosco',
    title: 'Conversa',
    close: 'Fechar',
    next: 'Próxima',
    skip: 'Pular',
    required: 'Por favor, responda a esta pergunta.',
    email: 'Informe um e-mail válido.',
    phone: 'Informe um telefone válido, ex.: +55 11 91234-5678.',
    consent: 'Marque a caixa para continuar.',
    thanks: 'Obrigado! Entraremos em contato em breve.',
    progress: 'Progresso',
    of: 'de',
    answer: 'Sua resposta',
    chat: 'Obrigado! Escreva aqui e um atendente vai responder.',
    message: 'Escreva uma mensagem',
    send: 'Enviar',
    sending: 'enviando…',
    held: 'Esta conversa está aberta em outro navegador.',
  },
  es: {
    launcher: 'Habla con nosotros',
    title: 'Chat',
    close: 'Cerrar',
    next: 'Siguiente',
    skip: 'Omitir',
    required: 'Por favor, responde esta pregunta.',
    email: 'Introduce un correo electrónico válido.',
    phone: 'Introduce un teléfono válido, p. ej. +34 612 345 678.',
    consent: 'Marca la casilla para continuar.',
    thanks: '¡Gracias! Te contactaremos pronto.',
    progress: 'Progreso',
    of: 'de',
    answer: 'Tu respuesta',
    chat: '¡Gracias! Escríbenos aquí y un agente te responderá.',
    message: 'Escribe un mensaje',
    send: 'Enviar',
    sending: 'enviando…',
    held: 'Esta conversación está abierta en otro navegador.',
  },
};

/** The tenant's language, else the first of the visitor's languages we ship (pt → pt-BR), else English. */
export const pickLang = (configured: Lang | undefined, preferred: readonly string[]): Lang => {
  if (configured) return configured;
  for (const l of preferred) {
    const m = /^(en|pt|es)\b/i.exec(l)?.[1]?.toLowerCase();
    if (m) return m == 'pt' ? 'pt-BR' : (m as Lang);
  }
  return 'en';
};

export const strings = (lang: Lang): Strings => STRINGS[lang];
