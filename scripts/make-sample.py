#!/usr/bin/env python3
"""Writes assets/sample/ledger.json: the sample ledger a new user can start
from (and the tests and benchmarks use). A small electrical contractor in Lyon
with business and consumer clients, as of late November 2026. Deterministic:
rerun it after changing it, then check it with `relance check`."""
import json, os

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "assets", "sample", "ledger.json")

company = {
    "name": "Atelier Lumière", "legal_form": "SARL",
    "address": {"line1": "14 rue de la Charité", "postcode": "69002", "city": "Lyon"},
    # Valid keys: SIREN and SIRET (Luhn), VAT (key 12 + 3 × SIREN mod 97), IBAN
    # (mod 97) and its RIB key: the app checks them.
    "siren": "812345676", "siret": "81234567600025", "vat_number": "FR19812345676",
    "rcs": "RCS Lyon 812 345 676", "email": "compta@atelier-lumiere.fr", "phone": "04 78 12 34 56",
    "iban": "FR76 3000 4012 3400 0101 2345 615", "bic": "BNPAFRPPXXX", "signatory": "Claire Vasseur, gérante",
}

clients = [
    # id, name, kind, contact, email, phone, address, terms, extra
    (1, "Boulangerie Martin", "business", "M. Paul Martin", "paul.martin@boulangerie-martin.fr", "04 72 10 20 30",
     {"line1": "3 place Bellecour", "postcode": "69002", "city": "Lyon"}, ("net", 30), {"siren": "402118765"}),
    (2, "Hôtel des Célestins", "business", "Mme Sophie Garnier", "direction@hotel-celestins.fr", "04 78 40 50 60",
     {"line1": "4 rue des Archers", "postcode": "69002", "city": "Lyon"}, ("end_of_month", 45), {"siren": "519874320"}),
    (3, "Garage Dupont & Fils", "business", "M. Jean Dupont", "garage.dupont@orange.fr", "04 78 88 12 12",
     {"line1": "112 avenue Berthelot", "postcode": "69007", "city": "Lyon"}, ("net", 30), {"siren": "338451290"}),
    (4, "Cabinet d'architectes Roux", "business", "Mme Élise Roux", "e.roux@roux-architectes.fr", "04 72 00 11 22",
     {"line1": "27 quai Saint-Antoine", "postcode": "69002", "city": "Lyon"}, ("net", 60), {"siren": "790123456"}),
    (5, "Restaurant L'Œillet", "business", "M. Karim Benali", "contact@loeillet.fr", "04 78 37 99 00",
     {"line1": "9 rue Mercière", "postcode": "69002", "city": "Lyon"}, ("net", 30), {"siren": "831902744", "bad_payer": True}),
    (6, "SCI Les Terrasses", "business", "M. François Lambert", "gestion@sci-terrasses.fr", "04 72 33 44 55",
     {"line1": "58 cours Lafayette", "postcode": "69003", "city": "Lyon"}, ("eom_then_days", 45), {"siren": "447290118"}),
    (7, "Pharmacie du Parc", "business", "Mme Nadia Haddad", "pharmacie.parc@wanadoo.fr", "04 78 52 61 70",
     {"line1": "1 boulevard des Belges", "postcode": "69006", "city": "Lyon"}, ("net", 30), {"siren": "352617890"}),
    (8, "Crèche Les Petits Pas", "business", "Mme Chloé Morel", "direction@petitspas.org", "04 78 65 43 21",
     {"line1": "22 rue Duguesclin", "postcode": "69006", "city": "Lyon"}, ("net", 30), {"do_not_chase": True, "notes": "Association : paie toujours, mais avec la subvention de la Ville. Ne pas relancer."}),
    (9, "M. et Mme Lefèvre", "consumer", "M. Thomas Lefèvre", "thomas.lefevre@gmail.com", "06 12 34 56 78",
     {"line1": "7 chemin des Vignes", "postcode": "69110", "city": "Sainte-Foy-lès-Lyon"}, ("net", 15), {}),
    (10, "Mme Camille Besnard", "consumer", "Mme Camille Besnard", "camille.besnard@laposte.net", "06 98 76 54 32",
     {"line1": "15 rue Paul Bert", "line2": "Bâtiment B, 3e étage", "postcode": "69003", "city": "Lyon"}, ("net", 15), {}),
    (11, "M. Hugo Rivière", "consumer", "M. Hugo Rivière", "", "07 61 22 33 44",
     {"line1": "31 montée du Chemin-Neuf", "postcode": "69005", "city": "Lyon"}, ("net", 15), {"notes": "Pas d'e-mail : SMS et courrier."}),
    (12, "Mme Inès Carpentier", "consumer", "Mme Inès Carpentier", "ines.carpentier@free.fr", "06 45 67 89 01",
     {"line1": "5 allée des Tilleuls", "postcode": "69300", "city": "Caluire-et-Cuire"}, ("net", 15), {}),
]

def money(c): return f"{c // 100}.{c % 100:02d}"

invoices, history = [], []
pay_id = [0]
def inv(num, client, issue, due, ht, label, payments=(), state="issued", extra=None):
    vat = ht * 20 // 100
    d = {"id": len(invoices) + 1, "number": num, "client": client, "kind": "invoice", "state": state,
         "issue_date": issue, "due_date": due, "ht": money(ht), "vat": money(vat), "ttc": money(ht + vat), "label": label}
    if payments:
        d["payments"] = []
        for date, amount, method in payments:
            pay_id[0] += 1
            full = amount is None  # None: the whole invoice
            d["payments"].append({"id": pay_id[0], "date": date, "amount": money(ht + vat if full else amount), "method": method})
    if extra: d.update(extra)
    invoices.append(d)
    return d["id"], ht + vat

def remind(date, client, ids, chain, step, channel, recipient, subject, text):
    history.append({"id": len(history) + 1, "date": date, "client": client, "invoices": ids, "kind": "reminder",
                    "chain": chain, "step": step, "channel": channel, "recipient": recipient,
                    "subject": subject, "text": text})

# Paid on time (2025 and 2026), to give DSO and payment behaviour some history.
i, t = inv("F-2025-0041", 1, "2025-09-12", "2025-10-12", 185000, "Remplacement du tableau électrique du fournil", [("2025-10-10", None, "transfer")])
i, t = inv("F-2025-0047", 2, "2025-10-20", "2025-12-31", 1240000, "Éclairage LED des couloirs, 3e et 4e étages", [("2025-12-30", None, "transfer")])
i, t = inv("F-2025-0052", 7, "2025-11-28", "2025-12-28", 96000, "Mise aux normes de l'éclairage de secours", [("2026-01-19", None, "cheque")])
i, t = inv("F-2026-0003", 3, "2026-01-14", "2026-02-13", 342000, "Installation de prises de recharge pour véhicules", [("2026-02-11", None, "transfer")])
i, t = inv("F-2026-0011", 4, "2026-03-02", "2026-05-01", 518000, "Câblage réseau des nouveaux bureaux", [("2026-05-21", None, "transfer")])
i, t = inv("F-2026-0019", 9, "2026-04-10", "2026-04-25", 264000, "Rénovation électrique de la cuisine", [("2026-04-24", None, "card")])
i, t = inv("F-2026-0024", 6, "2026-05-18", "2026-07-15", 890000, "Éclairage extérieur des parkings", [("2026-08-28", None, "transfer")])

# A credit note that cancels an invoice issued in error (no reminders on it).
i, t = inv("F-2026-0030", 5, "2026-06-20", "2026-07-20", 45000, "Dépannage du 18/06 (facturé deux fois)", state="cancelled",
           extra={"closed_on": "2026-06-25", "cancel_reason": "Facture en double de F-2026-0029"})
cancelled_id = i
invoices.append({"id": len(invoices) + 1, "number": "AV-2026-0001", "client": 5, "kind": "credit_note", "state": "issued",
                 "issue_date": "2026-06-25", "due_date": "2026-06-25", "ht": "450.00", "vat": "90.00", "ttc": "540.00",
                 "label": "Avoir sur la facture F-2026-0030", "credits": cancelled_id,
                 "cancel_reason": "Facture en double de F-2026-0029"})

# Restaurant L'Œillet: a chronic late payer, formal notice already sent.
i29, t29 = inv("F-2026-0029", 5, "2026-06-18", "2026-07-18", 45000, "Dépannage du 18/06 : disjoncteur différentiel")
i33, t33 = inv("F-2026-0033", 5, "2026-07-08", "2026-08-07", 212000, "Remplacement de la hotte et de son alimentation", [("2026-09-30", 80000, "cheque")])
remind("2026-07-23", 5, [i29], "b2b", 2, "email", "contact@loeillet.fr", "Facture F-2026-0029 : échéance dépassée", "Relance 1 envoyée par e-mail (F-2026-0029).")
remind("2026-08-12", 5, [i29, i33], "b2b", 3, "email", "contact@loeillet.fr", "Factures impayées F-2026-0029, F-2026-0033", "Relance 2 envoyée par e-mail, pénalités et indemnité de 40 € rappelées.")
history.append({"id": len(history) + 1, "date": "2026-09-02", "client": 5, "invoices": [i29, i33], "kind": "call_note",
                "channel": "phone", "recipient": "04 78 37 99 00",
                "text": "Appel à M. Benali : difficultés de trésorerie après l'été, promet un chèque fin septembre."})
remind("2026-09-02", 5, [i29, i33], "b2b", 4, "phone", "04 78 37 99 00", "", "Appel fait, voir la note d'appel.")
remind("2026-10-08", 5, [i29, i33], "b2b", 5, "registered_notice", "Restaurant L'Œillet, 9 rue Mercière, 69002 Lyon",
       "Mise en demeure de payer", "Mise en demeure envoyée en recommandé avec accusé de réception n° 1A 123 456 7890 1.")

# Hôtel des Célestins: large invoice, partly paid, reminded once.
i, t = inv("F-2026-0036", 2, "2026-08-31", "2026-10-31", 1560000, "Rénovation de l'éclairage du hall et du bar", [("2026-10-30", 1000000, "transfer")])
remind("2026-11-05", 2, [i], "b2b", 2, "email", "direction@hotel-celestins.fr", "Facture F-2026-0036 : solde restant dû", "Relance 1 : solde de 8 720,00 € restant dû.")

# Garage Dupont: disputed invoice (reminders paused by the dispute).
i, t = inv("F-2026-0038", 3, "2026-09-10", "2026-10-10", 156000, "Remplacement des néons de l'atelier",
           extra={"disputes": [{"opened": "2026-10-20", "reason": "Deux réglettes ne fonctionnent pas : intervention à reprendre"}]})
remind("2026-10-15", 3, [i], "b2b", 2, "email", "garage.dupont@orange.fr", "Facture F-2026-0038", "Relance 1 envoyée.")

# Cabinet Roux: 60-day terms, not yet due; pre-reminder soon.
inv("F-2026-0041", 4, "2026-10-01", "2026-11-30", 734000, "Éclairage architectural de la façade")
# SCI Les Terrasses: due, D+5 reminder to do today.
inv("F-2026-0043", 6, "2026-09-14", "2026-11-14", 415000, "Interphones et portiers vidéo, bâtiment C")
# Boulangerie Martin: two invoices, one late, one due soon.
inv("F-2026-0044", 1, "2026-10-05", "2026-11-04", 62000, "Dépannage four à sole : alimentation triphasée")
inv("F-2026-0047", 1, "2026-10-28", "2026-11-27", 38000, "Remplacement de l'enseigne lumineuse")
# Pharmacie du Parc: paid late after two reminders: a thank-you is due.
i, t = inv("F-2026-0039", 7, "2026-09-15", "2026-10-15", 128000, "Éclairage de la vitrine et de la croix", [("2026-11-20", None, "transfer")])
remind("2026-10-20", 7, [i], "b2b", 2, "email", "pharmacie.parc@wanadoo.fr", "Facture F-2026-0039 : échéance dépassée", "Relance 1 envoyée.")
remind("2026-10-30", 7, [i], "b2b", 3, "email", "pharmacie.parc@wanadoo.fr", "Facture F-2026-0039 : deuxième relance", "Relance 2 envoyée.")
# Crèche: late, but the client is marked "do not chase".
inv("F-2026-0040", 8, "2026-09-20", "2026-10-20", 92000, "Vérification annuelle de l'installation électrique")

# Consumers.
# Lefèvre: a payment plan in three instalments, first one paid.
i, t = inv("F-2026-0035", 9, "2026-08-20", "2026-09-04", 375000, "Installation d'une pompe à chaleur : raccordement électrique", [("2026-09-30", 150000, "transfer")])
invoices[-1]["plan"] = [{"due": "2026-09-30", "amount": money(150000)}, {"due": "2026-10-30", "amount": money(150000)}, {"due": "2026-11-30", "amount": money(150000)}]
remind("2026-09-09", 9, [i], "b2c", 2, "sms", "06 12 34 56 78", "", "SMS : rappel de la facture, proposition de paiement en trois fois.")
# Besnard: promise to pay by the end of the month.
i, t = inv("F-2026-0042", 10, "2026-10-02", "2026-10-17", 68000, "Remplacement du tableau électrique de l'appartement",
           extra={"promises": [{"made_on": "2026-11-02", "promised_for": "2026-11-30", "note": "Au téléphone : paiement à réception du salaire"}]})
remind("2026-10-22", 10, [i], "b2c", 2, "sms", "06 98 76 54 32", "", "SMS de relance envoyé.")
# Rivière: no email, late, SMS reminder done; the next step comes by email → letter route.
i, t = inv("F-2026-0037", 11, "2026-09-01", "2026-09-16", 154000, "Mise en conformité de l'installation (diagnostic vente)", [("2026-10-05", 50000, "cash")])
remind("2026-09-21", 11, [i], "b2c", 2, "sms", "07 61 22 33 44", "", "SMS de relance envoyé.")
remind("2026-10-01", 11, [i], "b2c", 3, "letter", "M. Hugo Rivière, 31 montée du Chemin-Neuf, 69005 Lyon", "Votre facture F-2026-0037", "Courrier de relance avec proposition d'échéancier.")
# Carpentier: due in a few days (pre-reminder by SMS).
inv("F-2026-0048", 12, "2026-11-10", "2026-11-25", 41000, "Pose de luminaires dans le séjour")
# Draft not issued yet.
invoices.append({"id": len(invoices) + 1, "client": 4, "kind": "invoice", "state": "draft", "ht": "2400.00", "vat": "480.00",
                 "ttc": "2880.00", "label": "Avenant : éclairage du jardin d'hiver"})
# Pro-forma for a quote accepted by a consumer.
invoices.append({"id": len(invoices) + 1, "number": "PF-2026-0004", "client": 12, "kind": "proforma", "state": "draft",
                 "issue_date": "2026-11-18", "ht": "1500.00", "vat": "150.00", "ttc": "1650.00",
                 "label": "Acompte : installation d'une borne de recharge (TVA 10 %)"})
# A loss from 2025.
inv("F-2025-0033", 5, "2025-06-02", "2025-07-02", 83000, "Dépannage cuisine (ancien gérant)", state="written_off",
    extra={"closed_on": "2026-02-15", "cancel_reason": "Changement de gérant, créance abandonnée"})

def client_json(c):
    cid, name, kind, contact, email, phone, address, (method, days), extra = c
    d = {"id": cid, "name": name, "kind": kind, "contact": contact}
    if email: d["email"] = email
    d["phone"] = phone
    d["address"] = address
    d["terms"] = {"method": method, "days": days}
    d.update(extra)
    return d

doc = {
    "format": "relance-ledger", "version": 2,
    "company": company,
    "settings": {"place": "Lyon"},
    "clients": [client_json(c) for c in clients],
    "invoices": sorted(invoices, key=lambda x: x["id"]),
    "history": history,
}
with open(out, "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(out, len(doc["clients"]), "clients,", len(invoices), "invoices,", len(history), "history entries")
