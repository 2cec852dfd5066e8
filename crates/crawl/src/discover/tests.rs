use super::*;

#[test]
fn one_key_per_page() {
    let k = |s: &str| page_key(&Url::parse(s).unwrap());
    assert_eq!(
        k("http://a.gov.cn/zwgk/index.html"),
        k("http://a.gov.cn/zwgk/")
    );
    assert_eq!(
        k("http://a.gov.cn/col/col4111/index.html"),
        "http://a.gov.cn/col/col4111/"
    );
    assert_ne!(
        k("http://a.gov.cn/x/index.jsp?id=3"),
        k("http://a.gov.cn/x/")
    );
    assert_eq!(k("http://a.gov.cn/zwgk/#top"), "http://a.gov.cn/zwgk/");
}
