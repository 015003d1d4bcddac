//! The messaging and application services the MSG rules cover, with how each one spells its
//! settings (not a rule).

/// One service type: its ARM type, a name for messages, and whether it has a TLS setting.
pub struct Service {
    pub arm_type: &'static str,
    pub what: &'static str,
    pub tls: Option<&'static str>,
}

pub const SERVICES: &[Service] = &[
    Service {
        arm_type: "Microsoft.ServiceBus/namespaces",
        what: "Service Bus namespace",
        tls: Some("/properties/minimumTlsVersion"),
    },
    Service {
        arm_type: "Microsoft.EventHub/namespaces",
        what: "Event Hubs namespace",
        tls: Some("/properties/minimumTlsVersion"),
    },
    Service {
        arm_type: "Microsoft.EventGrid/topics",
        what: "Event Grid topic",
        tls: Some("/properties/minimumTlsVersionAllowed"),
    },
    Service { arm_type: "Microsoft.AppConfiguration/configurationStores", what: "App Configuration store", tls: None },
    Service { arm_type: "Microsoft.Search/searchServices", what: "AI Search service", tls: None },
];
