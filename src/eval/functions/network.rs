//! IP network functions: cidrhost, cidrnetmask, cidrsubnet, cidrsubnets. (`cidrcontains` is
//! OpenTofu's: Terraform 1.15 has no such function, hashicorp/terraform#33111.)

use std::net::{Ipv4Addr, Ipv6Addr};

use super::{arg_err, failed, int_arg, string_arg, FunctionContext, FunctionError};
use crate::eval::value::Value;

type R = Result<Value, FunctionError>;

/// An IP network as Go's `net.IPNet`: the address (not necessarily masked) and prefix length.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Net {
    addr: u128,
    prefix: u32,
    /// 32 or 128.
    bits: u32,
}

fn mask(prefix: u32, bits: u32) -> u128 {
    let all = if bits == 128 { u128::MAX } else { (1u128 << bits) - 1 };
    all & !all.checked_shr(prefix).unwrap_or(0)
}

fn host_mask(prefix: u32, bits: u32) -> u128 {
    let all = if bits == 128 { u128::MAX } else { (1u128 << bits) - 1 };
    all & !mask(prefix, bits)
}

/// Terraform's `ipaddr.ParseIP` for IPv4 (decimal parts, leading zeros allowed) and IPv6.
fn parse_ip(s: &str) -> Option<(u128, u32)> {
    if s.contains(':') {
        return s.parse::<Ipv6Addr>().ok().map(|a| (u128::from(a), 128));
    }
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut v = 0u128;
    for p in parts {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 3 {
            return None;
        }
        let n: u32 = p.parse().ok()?;
        if n > 255 {
            return None;
        }
        v = (v << 8) | u128::from(n);
    }
    Some((v, 32))
}

/// Go's `ParseCIDR`: the network address is masked.
fn parse_cidr(s: &str) -> Result<Net, String> {
    let bad = || format!("invalid CIDR address: {s}");
    let (ip, len) = s.split_once('/').ok_or_else(bad)?;
    let (addr, bits) = parse_ip(ip).ok_or_else(bad)?;
    if len.is_empty() || len.len() > 3 || !len.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let prefix: u32 = len.parse().map_err(|_| bad())?;
    if prefix > bits {
        return Err(bad());
    }
    Ok(Net { addr: addr & mask(prefix, bits), prefix, bits })
}

fn ip_string(addr: u128, bits: u32) -> String {
    if bits == 32 {
        return Ipv4Addr::from(addr as u32).to_string();
    }
    let v6 = Ipv6Addr::from(addr);
    match v6.to_ipv4_mapped() {
        Some(v4) => v4.to_string(),
        None => v6.to_string(),
    }
}

impl Net {
    fn to_cidr_string(self) -> String {
        format!("{}/{}", ip_string(self.addr, self.bits), self.prefix)
    }

    fn contains(self, addr: u128) -> bool {
        let m = mask(self.prefix, self.bits);
        addr & m == self.addr & m
    }
}

fn cidr_arg(name: &str, args: &[Value], i: usize) -> Result<Net, FunctionError> {
    let s = string_arg(name, args, i)?;
    parse_cidr(&s).map_err(|e| failed(name, format!("invalid CIDR expression: {e}")))
}

/// `cidrhost(prefix, hostnum)`; a negative host number counts back from the last address.
pub(super) fn cidrhost(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let net = cidr_arg(name, args, 0)?;
    let num = int_arg(name, args, 1)?;
    let host_len = net.bits - net.prefix;
    let max_host: u128 = if host_len >= 128 { u128::MAX } else { (1u128 << host_len) - 1 };
    let (magnitude, value, shown): (u128, u128, i128) = if num < 0 {
        let m = u128::from(num.unsigned_abs()) - 1;
        let v = max_host.wrapping_sub(m);
        (m, v, max_host as i128 - m as i128)
    } else {
        (num as u128, num as u128, i128::from(num))
    };
    if magnitude > max_host {
        return Err(failed(name, format!("prefix of {} does not accommodate a host numbered {shown}", net.prefix)));
    }
    Ok(Value::string(ip_string(net.addr | value, net.bits)))
}

pub(super) fn cidrnetmask(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let net = cidr_arg(name, args, 0)?;
    if net.bits != 32 {
        return Err(failed(name, format!("IPv6 addresses cannot have a netmask: {s}")));
    }
    Ok(Value::string(ip_string(mask(net.prefix, 32), 32)))
}

/// `cidrsubnet(prefix, newbits, netnum)`.
pub(super) fn cidrsubnet(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let newbits = int_arg(name, args, 1)?;
    let netnum = int_arg(name, args, 2)?;
    let net = cidr_arg(name, args, 0)?;
    let new_prefix = i64::from(net.prefix) + newbits;
    if new_prefix > i64::from(net.bits) {
        return Err(failed(
            name,
            format!("insufficient address space to extend prefix of {} by {newbits}", net.prefix),
        ));
    }
    if new_prefix < 0 {
        return Err(arg_err(name, 1, "newbits must not shorten the prefix below zero bits"));
    }
    let max_net: u128 = if (0..64).contains(&newbits) { (1u128 << newbits) - 1 } else { u128::from(u64::MAX) };
    if netnum < 0 || netnum as u128 > max_net {
        return Err(failed(
            name,
            format!("prefix extension of {newbits} does not accommodate a subnet numbered {netnum}"),
        ));
    }
    let new_prefix = new_prefix as u32;
    let shift = net.bits - new_prefix;
    let shifted = if shift >= 128 { 0 } else { (netnum as u128) << shift };
    let addr = (net.addr | shifted) & host_mask(0, net.bits);
    Ok(Value::string(Net { addr, prefix: new_prefix, bits: net.bits }.to_cidr_string()))
}

/// `cidrsubnets(prefix, newbits...)`: consecutive subnets, each aligned after the previous one.
pub(super) fn cidrsubnets(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let net = parse_cidr(&s).map_err(|e| arg_err(name, 0, format!("invalid CIDR expression: {e}")))?;
    if args.len() == 1 {
        return Ok(Value::list(Vec::new()));
    }
    let lengths: Vec<i64> = (1..args.len()).map(|i| int_arg(name, args, i)).collect::<Result<_, _>>()?;
    let bits = net.bits;
    let all = host_mask(0, bits);
    // PreviousSubnet(network, first length): the block of that size just before the network.
    let first = (lengths[0] + i64::from(net.prefix)).clamp(0, i64::from(bits)) as u32;
    let mut current = Net { addr: net.addr.wrapping_sub(1) & all & mask(first, bits), prefix: first, bits };
    let mut out = Vec::with_capacity(lengths.len());
    for (i, &len) in lengths.iter().enumerate() {
        if len < 1 {
            return Err(arg_err(name, i + 1, "must extend prefix by at least one bit"));
        }
        if len > 32 {
            return Err(arg_err(name, i + 1, "may not extend prefix by more than 32 bits"));
        }
        let length = len + i64::from(net.prefix);
        if length > i64::from(bits) {
            let protocol = if bits == 32 { "IPv4" } else { "IPv6" };
            return Err(arg_err(
                name,
                i + 1,
                format!("would extend prefix to {length} bits, which is too long for an {protocol} address"),
            ));
        }
        let length = length as u32;
        // NextSubnet(current, length)
        let current_last = current.addr | host_mask(current.prefix, bits);
        let sub_start = current_last & mask(length, bits);
        let last = (sub_start | host_mask(length, bits)).wrapping_add(1) & all;
        let next = Net { addr: last & mask(length, bits), prefix: length, bits };
        if last == 0 || !net.contains(next.addr) {
            return Err(arg_err(
                name,
                i + 1,
                format!(
                    "not enough remaining address space for a subnet with a prefix of {length} bits after {}",
                    current.to_cidr_string()
                ),
            ));
        }
        current = next;
        out.push(Value::string(current.to_cidr_string()));
    }
    Ok(Value::list(out))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{call_err, call_ok, list, s};
    use crate::eval::value::Value;

    #[test]
    fn cidrhost_cases() {
        assert_eq!(call_ok("cidrhost", &[s("10.12.112.0/20"), 16.into()]), s("10.12.112.16"));
        assert_eq!(call_ok("cidrhost", &[s("10.12.112.0/20"), 268.into()]), s("10.12.113.12"));
        assert_eq!(call_ok("cidrhost", &[s("fd00:fd12:3456:7890:00a2::/72"), 34.into()]), s("fd00:fd12:3456:7890::22"));
        assert_eq!(call_ok("cidrhost", &[s("192.168.1.0/24"), (-5).into()]), s("192.168.1.251"));
        assert_eq!(call_ok("cidrhost", &[s("192.168.1.0/24"), (-1).into()]), s("192.168.1.255"));
        assert_eq!(call_ok("cidrhost", &[s("192.168.1.0/24"), 255.into()]), s("192.168.1.255"));
        assert!(call_err("cidrhost", &[s("192.168.1.0/24"), 256.into()])
            .contains("prefix of 24 does not accommodate a host numbered 256"));
        assert!(call_err("cidrhost", &[s("192.168.1.0/24"), (-257).into()])
            .contains("does not accommodate a host numbered -1"));
        assert!(call_err("cidrhost", &[s("1.2.3.4"), 1.into()])
            .contains("invalid CIDR expression: invalid CIDR address: 1.2.3.4"));
        assert!(call_err("cidrhost", &[s("not-a-cidr"), 1.into()]).contains("invalid CIDR"));
        assert!(call_err("cidrhost", &[s("10.0.0.0/33"), 1.into()]).contains("invalid CIDR"));
        assert_eq!(call_ok("cidrhost", &[s("010.001.0.0/16"), 1.into()]), s("10.1.0.1"));
    }

    #[test]
    fn cidrnetmask_cases() {
        assert_eq!(call_ok("cidrnetmask", &[s("172.16.0.0/12")]), s("255.240.0.0"));
        assert_eq!(call_ok("cidrnetmask", &[s("10.0.0.0/0")]), s("0.0.0.0"));
        assert_eq!(call_ok("cidrnetmask", &[s("10.0.0.0/32")]), s("255.255.255.255"));
        assert!(call_err("cidrnetmask", &[s("::/64")]).contains("IPv6 addresses cannot have a netmask"));
    }

    #[test]
    fn cidrsubnet_cases() {
        assert_eq!(call_ok("cidrsubnet", &[s("172.16.0.0/12"), 4.into(), 2.into()]), s("172.18.0.0/16"));
        assert_eq!(call_ok("cidrsubnet", &[s("10.1.2.0/24"), 4.into(), 15.into()]), s("10.1.2.240/28"));
        assert_eq!(
            call_ok("cidrsubnet", &[s("fd00:fd12:3456:7890::/56"), 16.into(), 162.into()]),
            s("fd00:fd12:3456:7800:a200::/72")
        );
        assert_eq!(call_ok("cidrsubnet", &[s("192.168.2.0/20"), 4.into(), 6.into()]), s("192.168.6.0/24"));
        assert_eq!(call_ok("cidrsubnet", &[s("10.0.0.0/8"), 0.into(), 0.into()]), s("10.0.0.0/8"));
        assert!(call_err("cidrsubnet", &[s("192.168.0.0/30"), 4.into(), 6.into()])
            .contains("insufficient address space to extend prefix of 30 by 4"));
        assert!(call_err("cidrsubnet", &[s("192.168.0.0/16"), 2.into(), 16.into()])
            .contains("prefix extension of 2 does not accommodate a subnet numbered 16"));
        assert!(call_err("cidrsubnet", &[s("192.168.0.0/16"), 2.into(), (-1).into()])
            .contains("does not accommodate a subnet numbered -1"));
        assert_eq!(call_ok("cidrsubnet", &[s("::/0"), 64.into(), 1.into()]), s("0:0:0:1::/64"));
        assert_eq!(call_ok("cidrsubnet", &[s("2001:db8::/64"), 64.into(), 5.into()]), s("2001:db8::5/128"));
        assert_eq!(call_ok("cidrhost", &[s("2001:db8::1/128"), 0.into()]), s("2001:db8::1"));
        assert_eq!(call_ok("cidrhost", &[s("::/0"), (-1).into()]), s("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assert_eq!(call_ok("cidrhost", &[s("::ffff:10.0.0.0/104"), 5.into()]), s("10.0.0.5"));
    }

    #[test]
    fn cidrsubnets_cases() {
        assert_eq!(
            call_ok("cidrsubnets", &[s("10.1.0.0/16"), 4.into(), 4.into(), 8.into(), 4.into()]),
            list(&["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"])
        );
        assert_eq!(
            call_ok("cidrsubnets", &[s("fd00:fd12:3456:7890::/56"), 16.into(), 16.into(), 16.into(), 32.into()]),
            list(&[
                "fd00:fd12:3456:7800::/72",
                "fd00:fd12:3456:7800:100::/72",
                "fd00:fd12:3456:7800:200::/72",
                "fd00:fd12:3456:7800:300::/88"
            ])
        );
        assert_eq!(call_ok("cidrsubnets", &[s("10.0.0.0/8")]), Value::list(vec![]));
        assert!(call_err("cidrsubnets", &[s("10.0.0.0/30"), 1.into(), 1.into(), 1.into()])
            .contains("not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31"));
        assert!(call_err("cidrsubnets", &[s("10.0.0.0/8"), 0.into()]).contains("at least one bit"));
        assert!(call_err("cidrsubnets", &[s("10.0.0.0/8"), 33.into()]).contains("more than 32 bits"));
        assert!(call_err("cidrsubnets", &[s("10.0.0.0/30"), 3.into()]).contains("too long for an IPv4 address"));
    }
}
