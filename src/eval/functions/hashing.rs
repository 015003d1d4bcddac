//! Hash and crypto functions: md5, sha1, sha256, sha512 (hex and base64) and uuidv5.

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use super::encoding::encode_base64;
use super::{failed, string_arg, FunctionContext, FunctionError};
use crate::eval::value::Value;

type R = Result<Value, FunctionError>;

/// The digest algorithms Terraform offers.
#[derive(Clone, Copy)]
pub(crate) enum Algo {
    Md5,
    Sha1,
    Sha256,
    Sha512,
}

pub(crate) fn digest(algo: Algo, data: &[u8]) -> Vec<u8> {
    match algo {
        Algo::Md5 => Md5::digest(data).to_vec(),
        Algo::Sha1 => Sha1::digest(data).to_vec(),
        Algo::Sha256 => Sha256::digest(data).to_vec(),
        Algo::Sha512 => Sha512::digest(data).to_vec(),
    }
}

fn hex_of(name: &str, args: &[Value], algo: Algo) -> R {
    let s = string_arg(name, args, 0)?;
    Ok(Value::string(hex::encode(digest(algo, s.as_bytes()))))
}

fn b64_of(name: &str, args: &[Value], algo: Algo) -> R {
    let s = string_arg(name, args, 0)?;
    Ok(Value::string(encode_base64(&digest(algo, s.as_bytes()))))
}

pub(super) fn md5(name: &str, args: &[Value], _: &FunctionContext) -> R {
    hex_of(name, args, Algo::Md5)
}

pub(super) fn sha1(name: &str, args: &[Value], _: &FunctionContext) -> R {
    hex_of(name, args, Algo::Sha1)
}

pub(super) fn sha256(name: &str, args: &[Value], _: &FunctionContext) -> R {
    hex_of(name, args, Algo::Sha256)
}

pub(super) fn sha512(name: &str, args: &[Value], _: &FunctionContext) -> R {
    hex_of(name, args, Algo::Sha512)
}

pub(super) fn base64sha256(name: &str, args: &[Value], _: &FunctionContext) -> R {
    b64_of(name, args, Algo::Sha256)
}

pub(super) fn base64sha512(name: &str, args: &[Value], _: &FunctionContext) -> R {
    b64_of(name, args, Algo::Sha512)
}

/// `uuidv5(namespace, name)`: namespace `dns`, `url`, `oid`, `x500` or a UUID.
pub(super) fn uuidv5(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let ns = string_arg(name, args, 0)?;
    let input = string_arg(name, args, 1)?;
    let namespace = match ns.as_str() {
        "dns" => uuid::Uuid::NAMESPACE_DNS,
        "url" => uuid::Uuid::NAMESPACE_URL,
        "oid" => uuid::Uuid::NAMESPACE_OID,
        "x500" => uuid::Uuid::NAMESPACE_X500,
        other => uuid::Uuid::parse_str(other)
            .map_err(|e| failed(name, format!("uuidv5() doesn't support namespace {other} ({e})")))?,
    };
    Ok(Value::string(uuid::Uuid::new_v5(&namespace, input.as_bytes()).to_string()))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{call_err, call_ok, s};

    #[test]
    fn hex_digests() {
        assert_eq!(call_ok("md5", &[s("hello world")]), s("5eb63bbbe01eeed093cb22bb8f5acdc3"));
        assert_eq!(call_ok("sha1", &[s("hello world")]), s("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"));
        assert_eq!(
            call_ok("sha256", &[s("hello world")]),
            s("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        );
        assert_eq!(
            call_ok("sha512", &[s("hello world")]),
            s("309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f")
        );
    }

    #[test]
    fn base64_digests() {
        assert_eq!(call_ok("base64sha256", &[s("hello world")]), s("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="));
        assert_eq!(
            call_ok("base64sha512", &[s("hello world")]),
            s("MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==")
        );
    }

    #[test]
    fn uuid_v5() {
        assert_eq!(call_ok("uuidv5", &[s("dns"), s("www.terraform.io")]), s("a5008fae-b28c-5ba5-96cd-82b4c53552d6"));
        assert_eq!(
            call_ok("uuidv5", &[s("url"), s("https://www.terraform.io/")]),
            s("9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5")
        );
        assert_eq!(call_ok("uuidv5", &[s("oid"), s("1.3.6.1.4")]), s("af9d40a5-7a36-5c07-b23a-851cd99fbfa5"));
        assert_eq!(call_ok("uuidv5", &[s("x500"), s("CN=Example,C=GB")]), s("84e09961-4aa4-57f8-95b7-03edb1073253"));
        assert_eq!(
            call_ok("uuidv5", &[s("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), s("www.terraform.io")]),
            s("a5008fae-b28c-5ba5-96cd-82b4c53552d6")
        );
        assert!(call_err("uuidv5", &[s("tada"), s("x")]).contains("doesn't support namespace tada"));
    }
}
