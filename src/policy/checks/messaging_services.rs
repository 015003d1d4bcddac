//! The messaging and application services the MSG rules cover, with how each one spells its
//! settings (not a rule).

/// One service type: its ARM type, a name for messages, and its TLS setting if it has one.
pub(crate) struct Service {
    pub arm_type: &'static str,
    pub what: &'static str,
    pub tls: Option<Tls>,
}

/// Where a service's minimum TLS version is, and whether leaving it unset is safe (Event Grid's
/// optional setting defaults to 1.2 in the service) or means ARM's old default.
pub(crate) struct Tls {
    pub pointer: &'static str,
    pub unset_is_safe: bool,
}

pub(crate) const SERVICES: &[Service] = &[
    Service {
        arm_type: "Microsoft.ServiceBus/namespaces",
        what: "Service Bus namespace",
        tls: Some(Tls { pointer: "/properties/minimumTlsVersion", unset_is_safe: false }),
    },
    Service {
        arm_type: "Microsoft.EventHub/namespaces",
        what: "Event Hubs namespace",
        tls: Some(Tls { pointer: "/properties/minimumTlsVersion", unset_is_safe: false }),
    },
    Service {
        arm_type: "Microsoft.EventGrid/topics",
        what: "Event Grid topic",
        tls: Some(Tls { pointer: "/properties/minimumTlsVersionAllowed", unset_is_safe: true }),
    },
    Service { arm_type: "Microsoft.AppConfiguration/configurationStores", what: "App Configuration store", tls: None },
    Service { arm_type: "Microsoft.Search/searchServices", what: "AI Search service", tls: None },
];
