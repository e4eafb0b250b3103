//! Answers files as an operator writes them, for the commands that read them.

use super::Harness;
use comuniq_order::demo::DemoCustomer;
use comuniq_order::domain::Catalog;

/// [`super::keys::standard_order_to_confirm`] as an answers file, with the first free `number`:
/// the catalog's default term, data and SMS package.
pub fn standard_order_file(h: &Harness, n: usize, sim: &str, ext: &str, number: &str) -> String {
    let c = Catalog::builtin().unwrap();
    let data = &c.default_data("business").unwrap().id;
    let sms = &c.default_sms("business").unwrap().id;
    format!(
        "customer = \"{}\"\nterm = \"{}\"\nvoice = \"business\"\ndata = \"{data}\"\nsms = \"{sms}\"\n\
         new_user = true\nusername = \"erika.muster\"\nfirst_name = \"Erika\"\nlast_name = \"Mustermann\"\n\
         email = \"erika@beispiel.de\"\nsim = \"{}\"\nnumber = \"{number}\"\nextension = \"{ext}\"\npin = \"4711\"\n",
        h.customer_number(n),
        c.default_term().unwrap().id,
        &sim[sim.len() - 4..],
    )
}

/// An answers file for demo customer `c`: Business User with data-1 and sms-100 for 24
/// months, his last demo user (who has no extension of his own, so `ext` is a new one), SIM
/// later, `port_number` ported in from Telekom, PIN `pin`.
pub fn ported_order_file(c: &DemoCustomer, port_number: &str, ext: &str, pin: &str) -> String {
    format!(
        "customer = \"{}\"\nterm = \"m24\"\nvoice = \"business\"\ndata = \"data-1\"\nsms = \"sms-100\"\n\
         user = \"{}\"\nsim_option = \"sim-later\"\nnumber_type = \"port\"\nport_number = \"{port_number}\"\n\
         donor = \"telekom\"\nextension = \"{ext}\"\npin = \"{pin}\"\n",
        c.number,
        c.users.last().unwrap().username,
    )
}

/// An answers file for demo customer `c`: Business User with data-1 and sms-100 for 24
/// months, a new user (`username`, `first` and `last` name, e-mail `email`), SIM later,
/// the customer's first demo number, extension `ext`, PIN 4711.
pub fn sim_later_order_file(
    c: &DemoCustomer,
    username: &str,
    first: &str,
    last: &str,
    email: &str,
    ext: &str,
) -> String {
    format!(
        "customer = \"{}\"\nterm = \"m24\"\nvoice = \"business\"\ndata = \"data-1\"\nsms = \"sms-100\"\n\
         new_user = true\nusername = \"{username}\"\nfirst_name = \"{first}\"\nlast_name = \"{last}\"\n\
         email = \"{email}\"\nsim_option = \"sim-later\"\nnumber = \"{}\"\nextension = \"{ext}\"\npin = \"4711\"\n",
        c.number, c.numbers[0],
    )
}
