import type { ReplyOutcome } from '@postbridge/domain';
import { SHIPPED_LANGUAGES, type ShippedLanguage } from '../languages';
import { checkTemplateBody, type TemplatePlaceholder, type TemplateProblem, templatePlaceholders } from './template-body';

/**
 * Templates shipped network-wide: the same ids at every node, so a sender picks an id and the
 * receiving node renders it in its own reader's language. French texts use ’ rather than ', which
 * ICU MessageFormat would read as a quote before a placeholder (`l'{itemId}`).
 */
export interface StandardTemplate {
  /** UPPER_SNAKE; a REPLY template with a fixed outcome is named after it. */
  readonly id: string;
  readonly kind: 'REPLY' | 'INFO_REQUEST' | 'INFO';
  /**
   * The outcome a REPLY reports, sent as a code with the reply. A REPLY template without one fits
   * several outcomes: the agent gives the outcome with the message.
   */
  readonly outcome?: ReplyOutcome;
  /** What the agent picks from, in the agent's language. */
  readonly titles: Readonly<Record<ShippedLanguage, string>>;
  readonly bodies: Readonly<Record<ShippedLanguage, string>>;
}

export const STANDARD_TEMPLATES: readonly StandardTemplate[] = [
  {
    id: 'DELIVERED_WITH_SIGNATURE',
    kind: 'REPLY',
    outcome: 'DELIVERED_WITH_SIGNATURE',
    titles: {
      en: 'Delivered, signed for',
      fr: 'Distribué contre signature',
      de: 'Gegen Unterschrift zugestellt',
      es: 'Entregado con firma',
      ja: '配達済み（署名あり）',
      ar: 'سُلِّمت بتوقيع المستلم',
    },
    bodies: {
      en: 'Item {itemId} was delivered on {eventAt} and signed for by {signedBy} (delivery office: {office}). A copy of the signature is available on request.',
      fr: 'L’envoi {itemId} a été distribué le {eventAt} contre la signature de {signedBy} (bureau distributeur\u00a0: {office}). Une copie de la signature peut vous être transmise sur demande.',
      de: 'Die Sendung {itemId} wurde am {eventAt} zugestellt und von {signedBy} quittiert (Zustellstelle: {office}). Eine Kopie der Unterschrift senden wir Ihnen auf Anfrage gerne zu.',
      es: 'El envío {itemId} fue entregado el {eventAt} y {signedBy} firmó la recepción (oficina de reparto: {office}). Si lo necesita, podemos facilitarle una copia de la firma.',
      ja: 'お問い合わせ番号{itemId}の郵便物は、{eventAt}に配達し、{signedBy}様から受領の署名をいただきました（配達局：{office}）。署名の写しが必要な場合はお知らせください。',
      ar: 'سُلِّمت الشحنة {itemId} بتاريخ {eventAt}، ووقّع {signedBy} على الاستلام (مكتب التوزيع: {office}). ويمكننا تزويدكم بنسخة من التوقيع عند الطلب.',
    },
  },
  {
    id: 'DELIVERY_ATTEMPTED_NOTICE_LEFT',
    kind: 'REPLY',
    outcome: 'DELIVERY_ATTEMPTED_NOTICE_LEFT',
    titles: {
      en: 'Delivery attempted, notice left',
      fr: 'Tentative de distribution, avis déposé',
      de: 'Zustellversuch, Benachrichtigung hinterlassen',
      es: 'Intento de entrega, aviso dejado',
      ja: '不在持戻り（不在連絡票投函）',
      ar: 'محاولة تسليم وترك إشعار',
    },
    bodies: {
      en: 'We attempted to deliver item {itemId} on {eventAt}, but the addressee was not available. A notice was left, and the item can be collected at: {office}.',
      fr: 'Nous avons tenté de distribuer l’envoi {itemId} le {eventAt}, mais le destinataire était absent. Un avis de passage a été déposé\u00a0; l’envoi peut être retiré au point suivant\u00a0: {office}.',
      de: 'Wir haben am {eventAt} versucht, die Sendung {itemId} zuzustellen, den Empfänger jedoch nicht angetroffen. Eine Benachrichtigung wurde hinterlassen; die Sendung kann hier abgeholt werden: {office}.',
      es: 'Intentamos entregar el envío {itemId} el {eventAt}, pero el destinatario estaba ausente. Se dejó un aviso de llegada y el envío puede recogerse en: {office}.',
      ja: 'お問い合わせ番号{itemId}の郵便物は、{eventAt}に配達に伺いましたが、受取人様がご不在のため、不在連絡票を投函して持ち戻りました。{office}にてお受け取りいただけます。',
      ar: 'حاولنا تسليم الشحنة {itemId} بتاريخ {eventAt}، لكن المرسل إليه لم يكن موجودًا، فتُرك له إشعار. ويمكن استلام الشحنة من: {office}.',
    },
  },
  {
    id: 'AWAITING_COLLECTION',
    kind: 'REPLY',
    outcome: 'AWAITING_COLLECTION',
    titles: {
      en: 'Awaiting collection',
      fr: 'En instance, à retirer',
      de: 'Zur Abholung bereit',
      es: 'Pendiente de recogida',
      ja: '保管中（受取待ち）',
      ar: 'بانتظار الاستلام',
    },
    bodies: {
      en: 'Item {itemId} has been held for collection since {eventAt} (collection point: {office}), and the addressee has been notified. If it is not collected within the retention period, it will be returned to the sender.',
      fr: 'L’envoi {itemId} est en instance depuis le {eventAt} (point de retrait\u00a0: {office}) et le destinataire en a été avisé. S’il n’est pas retiré dans le délai de garde, il sera renvoyé à l’expéditeur.',
      de: 'Die Sendung {itemId} liegt seit dem {eventAt} zur Abholung bereit (Abholstelle: {office}); der Empfänger wurde benachrichtigt. Wird sie nicht innerhalb der Lagerfrist abgeholt, geht sie an den Absender zurück.',
      es: 'El envío {itemId} está disponible para su recogida desde el {eventAt} (punto de recogida: {office}) y se ha avisado al destinatario. Si no se recoge dentro del plazo de depósito, se devolverá al remitente.',
      ja: 'お問い合わせ番号{itemId}の郵便物は、{eventAt}から{office}で保管しており、受取人様にはその旨をお知らせしております。保管期間内にお受け取りがない場合は、差出人様へ返送いたします。',
      ar: 'الشحنة {itemId} محفوظة للاستلام منذ {eventAt} (نقطة الاستلام: {office})، وقد أُبلغ المرسل إليه بذلك. وإذا لم تُستلم خلال مدة الحفظ فستُعاد إلى المرسل.',
    },
  },
  {
    id: 'HELD_IN_CUSTOMS_AWAITING_DOCUMENTS',
    kind: 'REPLY',
    outcome: 'HELD_IN_CUSTOMS_AWAITING_DOCUMENTS',
    titles: {
      en: 'Held in customs, documents needed',
      fr: 'Retenu en douane, documents requis',
      de: 'Beim Zoll, Unterlagen ausstehend',
      es: 'Retenido en aduana, falta documentación',
      ja: '税関留置中（書類待ち）',
      ar: 'محتجزة لدى الجمارك بانتظار المستندات',
    },
    bodies: {
      en: 'Item {itemId} has been held by customs since {eventAt}, pending documents. The addressee has been asked to provide them (for example the commercial invoice); the item will be delivered as soon as customs release it.',
      fr: 'L’envoi {itemId} est retenu en douane depuis le {eventAt} dans l’attente de documents. Le destinataire a été invité à les fournir (par exemple la facture commerciale)\u00a0; l’envoi sera distribué dès sa mainlevée par la douane.',
      de: 'Die Sendung {itemId} wird seit dem {eventAt} vom Zoll zurückgehalten, da Unterlagen fehlen. Der Empfänger wurde gebeten, diese nachzureichen (zum Beispiel die Handelsrechnung); nach der Freigabe durch den Zoll stellen wir die Sendung umgehend zu.',
      es: 'El envío {itemId} está retenido en aduana desde el {eventAt} a la espera de documentación. Se ha pedido al destinatario que la aporte (por ejemplo, la factura comercial); el envío se entregará en cuanto la aduana lo libere.',
      ja: 'お問い合わせ番号{itemId}の郵便物は、{eventAt}から書類不足のため税関に留め置かれています。受取人様に必要書類（インボイスなど）のご提出をお願いしており、税関の許可が下り次第、配達いたします。',
      ar: 'الشحنة {itemId} محتجزة لدى الجمارك منذ {eventAt} بانتظار مستندات. وقد طُلب من المرسل إليه تقديمها (مثل الفاتورة التجارية)، وستُسلَّم الشحنة فور إفراج الجمارك عنها.',
    },
  },
  {
    id: 'RETURNED_TO_SENDER',
    kind: 'REPLY',
    outcome: 'RETURNED_TO_SENDER',
    titles: {
      en: 'Returned to sender',
      fr: 'Renvoyé à l’expéditeur',
      de: 'An den Absender zurück',
      es: 'Devuelto al remitente',
      ja: '差出人へ返送',
      ar: 'أُعيدت إلى المرسل',
    },
    bodies: {
      en: 'Item {itemId} could not be delivered and was returned to the sender on {eventAt}. It is now on its way back to the country of origin.',
      fr: 'L’envoi {itemId} n’a pas pu être distribué et a été renvoyé à l’expéditeur le {eventAt}. Il est en cours d’acheminement vers le pays d’origine.',
      de: 'Die Sendung {itemId} konnte nicht zugestellt werden und wurde am {eventAt} an den Absender zurückgesandt. Sie befindet sich nun auf dem Rückweg ins Aufgabeland.',
      es: 'El envío {itemId} no pudo entregarse y se devolvió al remitente el {eventAt}. Actualmente está en camino de regreso al país de origen.',
      ja: 'お問い合わせ番号{itemId}の郵便物は、配達できなかったため{eventAt}に差出人様へ返送いたしました。現在、差出国へ向けて輸送中です。',
      ar: 'تعذّر تسليم الشحنة {itemId}، فأُعيدت إلى المرسل بتاريخ {eventAt}، وهي الآن في طريق عودتها إلى بلد المنشأ.',
    },
  },
  {
    id: 'FORWARDED',
    kind: 'REPLY',
    outcome: 'FORWARDED',
    titles: {
      en: 'Forwarded to a new address',
      fr: 'Réexpédié à une nouvelle adresse',
      de: 'An neue Adresse nachgesandt',
      es: 'Reexpedido a una nueva dirección',
      ja: '新住所へ転送',
      ar: 'أُعيد توجيهها إلى عنوان جديد',
    },
    bodies: {
      en: 'At the addressee’s request, item {itemId} was forwarded to their new address on {eventAt}. For data protection reasons, we cannot disclose the new address.',
      fr: 'À la demande du destinataire, l’envoi {itemId} a été réexpédié à sa nouvelle adresse le {eventAt}. Pour des raisons de protection des données, nous ne pouvons pas communiquer cette adresse.',
      de: 'Auf Wunsch des Empfängers wurde die Sendung {itemId} am {eventAt} an seine neue Adresse nachgesandt. Aus Datenschutzgründen können wir die neue Adresse nicht bekannt geben.',
      es: 'A petición del destinatario, el envío {itemId} se reexpidió a su nueva dirección el {eventAt}. Por motivos de protección de datos, no podemos facilitar la nueva dirección.',
      ja: 'お問い合わせ番号{itemId}の郵便物は、受取人様からの転居届に基づき、{eventAt}に新住所へ転送いたしました。個人情報保護のため、転送先の住所はお知らせできません。',
      ar: 'بناءً على طلب المرسل إليه، أُعيد توجيه الشحنة {itemId} إلى عنوانه الجديد بتاريخ {eventAt}. ولا يمكننا الإفصاح عن العنوان الجديد حفاظًا على سرية البيانات الشخصية.',
    },
  },
  {
    id: 'NOT_FOUND_INVESTIGATION_STARTED',
    kind: 'REPLY',
    outcome: 'NOT_FOUND_INVESTIGATION_STARTED',
    titles: {
      en: 'Not found, investigation started',
      fr: 'Introuvable, enquête ouverte',
      de: 'Nicht auffindbar, Nachforschung eingeleitet',
      es: 'No localizado, investigación iniciada',
      ja: '所在不明、調査開始',
      ar: 'لم يُعثر عليها، وبدأ التحقيق',
    },
    bodies: {
      en: 'We have not yet been able to locate item {itemId}. We have started an investigation with our sorting and delivery units and will report back as soon as our search is complete.',
      fr: 'Nous n’avons pas encore pu localiser l’envoi {itemId}. Une enquête a été ouverte auprès de nos centres de tri et de distribution\u00a0; nous reviendrons vers vous dès que nos recherches seront terminées.',
      de: 'Die Sendung {itemId} konnte bisher nicht aufgefunden werden. Wir haben bei unseren Sortier- und Zustellstellen eine Nachforschung eingeleitet und melden uns, sobald diese abgeschlossen ist.',
      es: 'Todavía no hemos podido localizar el envío {itemId}. Hemos iniciado una investigación en nuestros centros de clasificación y reparto y le informaremos en cuanto concluya la búsqueda.',
      ja: 'お問い合わせ番号{itemId}の郵便物は、現在のところ所在が確認できておりません。区分局および配達局にて調査を開始しましたので、調査が終わり次第、結果をご連絡いたします。',
      ar: 'لم نتمكن حتى الآن من تحديد مكان الشحنة {itemId}. وقد بدأنا تحقيقًا لدى مراكز الفرز والتوزيع لدينا، وسنوافيكم بالنتيجة فور انتهاء البحث.',
    },
  },
  {
    id: 'INFO_REQUEST_CONTENTS_AND_VALUE',
    kind: 'INFO_REQUEST',
    titles: {
      en: 'Request: contents and value',
      fr: 'Demande\u00a0: contenu et valeur',
      de: 'Anfrage: Inhalt und Wert',
      es: 'Solicitud: contenido y valor',
      ja: '依頼：内容品と価格',
      ar: 'طلب: المحتويات والقيمة',
    },
    bodies: {
      en: 'Regarding the inquiry about item {itemId} ({inquiryType}): please send us a detailed description of the contents (type of goods, quantity, packaging) and their value, with a copy of the invoice if available. Thank you in advance for your prompt reply.',
      fr: 'Concernant la réclamation relative à l’envoi {itemId} ({inquiryType})\u00a0: merci de nous transmettre une description détaillée du contenu (nature des marchandises, quantité, emballage) et sa valeur, accompagnée si possible d’une copie de la facture. Merci de nous répondre dans les meilleurs délais.',
      de: 'Betrifft Sendung {itemId} ({inquiryType}): Bitte senden Sie uns eine genaue Beschreibung des Inhalts (Art der Ware, Menge, Verpackung) und dessen Wert, nach Möglichkeit mit einer Kopie der Rechnung. Für Ihre baldige Antwort danken wir Ihnen im Voraus.',
      es: 'En relación con la consulta sobre el envío {itemId} ({inquiryType}): le rogamos nos envíe una descripción detallada del contenido (tipo de mercancía, cantidad, embalaje) y su valor, si es posible con una copia de la factura. Le agradeceríamos una pronta respuesta.',
      ja: 'お問い合わせ番号{itemId}の郵便物に関するお問い合わせ（{inquiryType}）について、内容品の詳細（品名、数量、包装）および価格をお知らせください。可能であれば、請求書の写しもお送りください。お手数をおかけしますが、お早めにご回答くださいますようお願いいたします。',
      ar: 'بخصوص الاستفسار عن الشحنة {itemId} ({inquiryType}): يرجى تزويدنا بوصف مفصل للمحتويات (نوع البضاعة والكمية والتغليف) وقيمتها، مع نسخة من الفاتورة إن أمكن. ونرجو الرد في أقرب وقت ممكن.',
    },
  },
  {
    id: 'INFO_REQUEST_PROOF_OF_POSTING',
    kind: 'INFO_REQUEST',
    titles: {
      en: 'Request: proof of posting',
      fr: 'Demande\u00a0: preuve de dépôt',
      de: 'Anfrage: Einlieferungsbeleg',
      es: 'Solicitud: justificante de admisión',
      ja: '依頼：差出時の受領証',
      ar: 'طلب: إثبات الإيداع',
    },
    bodies: {
      en: 'To continue our investigation of item {itemId}, please send us a copy of the proof of posting (the receipt issued when the item was posted) showing the date of posting and the addressee’s full address. Thank you in advance for your prompt reply.',
      fr: 'Afin de poursuivre notre enquête sur l’envoi {itemId}, merci de nous transmettre une copie de la preuve de dépôt (le reçu remis lors du dépôt) indiquant la date de dépôt et l’adresse complète du destinataire. Merci de nous répondre dans les meilleurs délais.',
      de: 'Für die weitere Nachforschung zur Sendung {itemId} benötigen wir eine Kopie des Einlieferungsbelegs (der bei der Aufgabe ausgestellten Quittung) mit Aufgabedatum und vollständiger Empfängeradresse. Bitte senden Sie uns diese baldmöglichst zu.',
      es: 'Para continuar con la investigación del envío {itemId}, le rogamos nos envíe una copia del justificante de admisión (el resguardo entregado al depositar el envío) en el que consten la fecha de depósito y la dirección completa del destinatario. Le agradeceríamos una pronta respuesta.',
      ja: 'お問い合わせ番号{itemId}の郵便物の調査を進めるため、差出時に発行された受領証の写し（差出日および受取人様の住所全体が記載されたもの）をお送りください。お手数をおかけしますが、お早めにご回答くださいますようお願いいたします。',
      ar: 'لمواصلة التحقيق في الشحنة {itemId}، يرجى تزويدنا بنسخة من إثبات الإيداع (الإيصال الصادر عند إيداع الشحنة) يتضمن تاريخ الإيداع والعنوان الكامل للمرسل إليه. ونرجو الرد في أقرب وقت ممكن.',
    },
  },
  {
    // Messages carry text only: documents go to the partner by e-mail or post, and this says so.
    id: 'INFO_SENT_SEPARATELY',
    kind: 'INFO',
    titles: {
      en: 'Information sent separately',
      fr: 'Informations envoyées séparément',
      de: 'Angaben gesondert zugesandt',
      es: 'Información enviada por separado',
      ja: '情報・書類を別途送付',
      ar: 'أُرسلت المعلومات بشكل منفصل',
    },
    bodies: {
      en: 'We have sent you the information and documents requested for item {itemId} separately, by e-mail or by post. Please let us know if you have not received them or if you need anything further.',
      fr: 'Les informations et documents demandés concernant l’envoi {itemId} vous ont été adressés séparément, par courriel ou par courrier. N’hésitez pas à nous contacter si vous ne les avez pas reçus ou si vous avez besoin d’autres renseignements.',
      de: 'Die gewünschten Angaben und Unterlagen zur Sendung {itemId} haben wir Ihnen gesondert per E-Mail oder per Post zugesandt. Falls die Unterlagen nicht bei Ihnen eingegangen sind oder Sie weitere Fragen haben, stehen wir Ihnen gerne zur Verfügung.',
      es: 'Le hemos enviado por separado, por correo electrónico o por correo postal, la información y los documentos solicitados sobre el envío {itemId}. Si no los ha recibido o necesita algo más, no dude en ponerse en contacto con nosotros.',
      ja: 'お問い合わせ番号{itemId}の郵便物についてご依頼のあった情報および書類は、電子メールまたは郵便にて別途お送りいたしました。お手元に届いていない場合や、その他ご不明な点がございましたら、お気軽にお問い合わせください。',
      ar: 'أرسلنا إليكم بشكل منفصل، عبر البريد الإلكتروني أو البريد العادي، المعلومات والمستندات المطلوبة بشأن الشحنة {itemId}. ويُرجى إبلاغنا إذا لم تصلكم أو إذا احتجتم إلى أي معلومات إضافية.',
    },
  },
  {
    // A REPLY with no fixed outcome: the agent gives the current outcome, which {outcome} shows.
    id: 'INVESTIGATION_UPDATE',
    kind: 'REPLY',
    titles: {
      en: 'Investigation update',
      fr: 'Point sur l’enquête',
      de: 'Stand der Nachforschung',
      es: 'Estado de la investigación',
      ja: '調査状況のお知らせ',
      ar: 'مستجدات التحقيق',
    },
    bodies: {
      en: 'Update on item {itemId} (case opened on {openedAt}): {outcome}. {outcome, select, NOT_FOUND_INVESTIGATION_STARTED {Our search is continuing and we will report back as soon as it is complete.} HELD_IN_CUSTOMS_AWAITING_DOCUMENTS {The item will be released as soon as customs receive the missing documents.} other {We will keep you informed of any further developments.}}',
      fr: 'Point sur l’envoi {itemId} (dossier ouvert le {openedAt})\u00a0: {outcome}. {outcome, select, NOT_FOUND_INVESTIGATION_STARTED {Nos recherches se poursuivent\u00a0; nous reviendrons vers vous dès qu’elles seront terminées.} HELD_IN_CUSTOMS_AWAITING_DOCUMENTS {L’envoi sera libéré dès que la douane aura reçu les documents manquants.} other {Nous vous tiendrons informés de toute évolution.}}',
      de: 'Stand zur Sendung {itemId} (Fall eröffnet am {openedAt}): {outcome}. {outcome, select, NOT_FOUND_INVESTIGATION_STARTED {Unsere Suche läuft weiter; wir melden uns, sobald sie abgeschlossen ist.} HELD_IN_CUSTOMS_AWAITING_DOCUMENTS {Die Sendung wird freigegeben, sobald dem Zoll die fehlenden Unterlagen vorliegen.} other {Über weitere Entwicklungen halten wir Sie auf dem Laufenden.}}',
      es: 'Novedades sobre el envío {itemId} (caso abierto el {openedAt}): {outcome}. {outcome, select, NOT_FOUND_INVESTIGATION_STARTED {Seguimos buscándolo y le informaremos en cuanto concluya la búsqueda.} HELD_IN_CUSTOMS_AWAITING_DOCUMENTS {El envío se liberará en cuanto la aduana reciba la documentación que falta.} other {Le mantendremos informado de cualquier novedad.}}',
      ja: 'お問い合わせ番号{itemId}の郵便物（{openedAt}受付）の状況：{outcome}。{outcome, select, NOT_FOUND_INVESTIGATION_STARTED {引き続き調査を行っており、調査が終わり次第、結果をご連絡いたします。} HELD_IN_CUSTOMS_AWAITING_DOCUMENTS {不足書類が税関に提出され次第、郵便物は引き渡されます。} other {進展がありましたら改めてご連絡いたします。}}',
      ar: 'مستجدات الشحنة {itemId} (فُتح الملف بتاريخ {openedAt}): {outcome}. {outcome, select, NOT_FOUND_INVESTIGATION_STARTED {ما زال البحث جاريًا، وسنوافيكم بالنتيجة فور انتهائه.} HELD_IN_CUSTOMS_AWAITING_DOCUMENTS {سيُفرج عن الشحنة فور تسلّم الجمارك المستندات الناقصة.} other {وسنبلغكم بأي مستجدات.}}',
    },
  },
];

const BY_ID: ReadonlyMap<string, StandardTemplate> = new Map(STANDARD_TEMPLATES.map((t) => [t.id, t]));

export function standardTemplate(id: string): StandardTemplate | undefined {
  return BY_ID.get(id);
}

export type StandardTemplateProblem = TemplateProblem & { readonly templateId: string; readonly language: string };

/**
 * Every defect of a set of templates: a body or title missing in a shipped language, a body that
 * does not check, or a language using other placeholders than English (a translation that drops
 * `{eventAt}` would silently say less). [] when all is well; used by the tests and usable at startup.
 */
export function checkStandardTemplates(templates: readonly StandardTemplate[] = STANDARD_TEMPLATES): StandardTemplateProblem[] {
  const problems: StandardTemplateProblem[] = [];
  for (const template of templates) {
    const at = (language: string) => (problem: TemplateProblem): StandardTemplateProblem => ({ ...problem, templateId: template.id, language });
    const titles: Readonly<Record<string, string | undefined>> = template.titles;
    const bodies: Readonly<Record<string, string | undefined>> = template.bodies;
    const sets = new Map<ShippedLanguage, ReadonlySet<TemplatePlaceholder>>();
    for (const language of SHIPPED_LANGUAGES) {
      const title = titles[language];
      if (typeof title !== 'string' || title.trim() === '') {
        problems.push(at(language)({ code: 'EMPTY_TEMPLATE', detail: `No ${language} title` }));
      }
      const body = bodies[language];
      if (typeof body !== 'string') {
        problems.push(at(language)({ code: 'EMPTY_TEMPLATE', detail: `No ${language} body` }));
        continue;
      }
      const bodyProblems = checkTemplateBody(body, language);
      problems.push(...bodyProblems.map(at(language)));
      if (bodyProblems.length === 0) sets.set(language, new Set(templatePlaceholders(body, language)));
    }
    const reference = sets.get('en');
    if (reference === undefined) continue;
    for (const [language, used] of sets) {
      for (const p of used) {
        if (!reference.has(p)) problems.push(at(language)({ code: 'PLACEHOLDER_MISMATCH', detail: `Uses {${p}}, which the English body does not`, placeholder: p }));
      }
      for (const p of reference) {
        if (!used.has(p)) problems.push(at(language)({ code: 'PLACEHOLDER_MISMATCH', detail: `Lacks {${p}}, which the English body uses`, placeholder: p }));
      }
    }
  }
  return problems;
}
