use super::*;
use crate::extract_page;
use crate::testpages::realpage;
use chrono::NaiveDate;
use url::Url;

fn read(html: &str) -> Identity {
    let url = Url::parse("http://example.gov.cn/").unwrap();
    extract_page(html, &url, NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()).identity
}

fn id(
    site: Option<&str>,
    icp: Option<&str>,
    police: Option<&str>,
    sponsor: Option<&str>,
    conac: bool,
) -> Identity {
    Identity {
        site_id_code: site.map(Into::into),
        icp: icp.map(Into::into),
        police_record: police.map(Into::into),
        sponsor: sponsor.map(Into::into),
        conac_badge: conac,
    }
}

#[test]
fn footer_variants() {
    let got = read(
        "<div class=footer><p>主办单位：某县人民政府办公室 承办：某县大数据中心 联系电话：0379-12345678</p>\
         <p>政府网站标识码 :4103810001 豫ICP备12345678号-1 豫公网安备 41038102000123号</p>\
         <p>信息系统安全等级保护备案证明41038149001-17001 总访问量：1234567890</p>\
         <a href='http://bszs.conac.cn/sitename?method=show&id=ABC'><img src='red.png'></a></div>",
    );
    assert_eq!(
        got,
        id(
            Some("4103810001"),
            Some("豫ICP备12345678号-1"),
            Some("豫公网安备41038102000123号"),
            Some("某县人民政府办公室"),
            true
        )
    );
}

#[test]
fn two_icp_numbers_and_link_only_police() {
    let got = read(
        "<p>ICP备案号：豫ICP备1234号 备案序号 豫ICP备5678号-2 豫ICP备1234号-1</p>\
         <a href='http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=41038102000123'>\
         <img src='ga.png'></a><p>网站标识码bm12345678</p><p>某某局主办</p>",
    );
    assert_eq!(got.icp.as_deref(), Some("豫ICP备1234号；豫ICP备5678号-2"));
    assert_eq!(got.police_record.as_deref(), Some("41038102000123"));
    assert_eq!(got.site_id_code.as_deref(), Some("bm12345678"));
    assert_eq!(got.sponsor.as_deref(), Some("某某局"));
}

#[test]
fn distractors_and_js_footer_are_absent() {
    let got = read(
        "<p>联系电话：0379-12345678 访问量：1234567890 等保备案：41038149001-17001</p>\
         <p>活动由市文联主办，市书协承办。</p>\
         <script>document.write('网站标识码：4103810001 豫ICP备12345678号')</script>",
    );
    assert_eq!(got, Identity::default());
}

/// Expected values read by hand from each page's footer (and header) text and links.
#[test]
fn realpages_identity() {
    let all = [
        (
            "anhui_hefei_shushan_audit_dept_article.html",
            id(
                Some("3401040018"),
                Some("皖ICP备05005191号-1"),
                Some("皖公网安备34010402700567号"),
                Some("合肥市蜀山区人民政府办公室"),
                false,
            ),
        ),
        (
            "beijing_daxing_district_article.html",
            id(
                Some("1101150005"),
                Some("京ICP备15023992号"),
                Some("京公网安备11011502002502号"),
                Some("北京市大兴区人民政府办公室"),
                true,
            ),
        ),
        (
            "beijing_fengtai_district_article.html",
            id(
                Some("1101060001"),
                Some("京ICP备20013709号-1"),
                Some("京公网安备11010602060030号"),
                Some("北京市丰台区人民政府办公室"),
                true,
            ),
        ),
        (
            "beijing_shunyi_district_article.html",
            id(
                Some("1101130028"),
                Some("京ICP备05007181号"),
                Some("京公网安备11011302000001号"),
                Some("北京市顺义区人民政府办公室"),
                true,
            ),
        ),
        (
            "beijing_whlyj_dept_article.html",
            id(
                Some("1100000211"),
                Some("京ICP备19055663号-1"),
                Some("京公网安备11010502037696号"),
                Some("北京市文化和旅游局"),
                true,
            ),
        ),
        (
            "fujian_anxi_county_article.html",
            id(
                Some("3505240010"),
                Some("闽ICP备12014841号"),
                Some("闽公网安备35052402000177号"),
                Some("安溪县人民政府办公室"),
                true,
            ),
        ),
        (
            "fujian_pingtan_gzjzqk_list_EXCERPT.html",
            id(
                Some("3590000001"),
                Some("闽ICP备09032658号"),
                Some("35012899001-19002"),
                Some("福建省平潭综合实验区管理委员会办公室"),
                false,
            ),
        ),
        (
            "guangdong_foshan_article_jsfooter.html",
            id(None, None, None, None, false),
        ),
        (
            "guangdong_guangzhou_baiyun_article.html",
            id(
                Some("4401110001"),
                Some("粤ICP备12055861号-1"),
                Some("粤公网安备44011102000010号"),
                Some("广州市白云区人民政府办公室"),
                true,
            ),
        ),
        (
            "guangdong_guangzhou_city_article.html",
            id(
                Some("4401000004"),
                Some("粤ICP备2022092331号-1"),
                Some("粤公网安备44010602000929号"),
                Some("广州市人民政府办公厅"),
                true,
            ),
        ),
        (
            "guangdong_guangzhou_huangpu_xxgk_article.html",
            id(
                Some("4401120001"),
                Some("粤ICP备2022017031号-1"),
                Some("粤公网安备44011202000021号"),
                Some("广州开发区管委会 广州市黄埔区人民政府"),
                true,
            ),
        ),
        (
            "guangdong_guangzhou_nansha_article.html",
            id(
                Some("4401150002"),
                Some("粤ICP备2023100790号-1；粤ICP备19092744号-3"),
                Some("粤公网安备44011502000005号"),
                Some("广州市南沙区人民政府办公室"),
                true,
            ),
        ),
        (
            "guangdong_shenzhen_wtl_dept_article.html",
            id(
                Some("4403000026"),
                Some("粤ICP备18094387号"),
                Some("粤公网安备44030402003007号"),
                Some("深圳市文化广电旅游体育局"),
                true,
            ),
        ),
        (
            "guangxi_fangchenggang_article.html",
            id(
                Some("4506000001"),
                Some("桂ICP备08000262号"),
                Some("桂公网安备45060202000004号"),
                Some("防城港市人民政府"),
                true,
            ),
        ),
        (
            "hebei_handan_xxgk_detail.jsp.html",
            id(
                Some("1304000009"),
                Some("冀ICP备05029117号-1"),
                Some("冀公网安备13042002000523号"),
                Some("邯郸市人民政府办公室"),
                true,
            ),
        ),
        (
            "hebei_handan_xxgk_gkzn.jsp.html",
            id(
                Some("1304000009"),
                Some("冀ICP备05029117号-1"),
                Some("冀公网安备13042002000523号"),
                Some("邯郸市人民政府办公室"),
                true,
            ),
        ),
        (
            "hebei_handan_xxgk_index.jsp.html",
            id(
                Some("1304000009"),
                Some("冀ICP备05029117号-1"),
                Some("冀公网安备13042002000523号"),
                Some("邯郸市人民政府办公室"),
                true,
            ),
        ),
        (
            "hebei_handan_xxgk_list_trimmed.jsp.html",
            id(
                Some("1304000009"),
                Some("冀ICP备05029117号-1"),
                Some("冀公网安备13042002000523号"),
                Some("邯郸市人民政府办公室"),
                true,
            ),
        ),
        (
            "hebei_langfang_article.html",
            id(
                Some("1310000035"),
                Some("冀ICP备05000924号-1"),
                Some("冀公网安备13100302000663号"),
                Some("廊坊市人民政府办公室"),
                true,
            ),
        ),
        (
            "hebei_shijiazhuang_article.html",
            id(
                Some("1301000003"),
                Some("冀ICP备20013865号"),
                Some("冀公网安备13010202001704号"),
                Some("石家庄市人民政府办公室"),
                false,
            ),
        ),
        (
            "heilongjiang_suibin_county_article.html",
            id(
                Some("2304220006"),
                Some("黑ICP备09010409号"),
                Some("黑公网安备23042202000005号"),
                Some("绥滨县人民政府"),
                true,
            ),
        ),
        (
            "hubei_honghu_city_article.html",
            id(
                Some("4210830008"),
                Some("鄂ICP备05001359号-1"),
                Some("鄂公网安备42108302000010号"),
                Some("洪湖市人民政府"),
                true,
            ),
        ),
        (
            "hubei_wuhan_hongshan_district_article.html",
            id(
                Some("4201110038"),
                Some("鄂ICP备05009168"),
                Some("鄂公网安备42011102000076号"),
                Some("武汉市洪山区政府办公室"),
                true,
            ),
        ),
        (
            "hunan_xiangtan_article_utf16.html",
            id(None, None, None, None, false),
        ),
        (
            "jiangsu_changzhou_xinbei_article.html",
            id(
                Some("3204110029"),
                Some("苏ICP备06004659号"),
                Some("苏公网安备32041102001034号"),
                Some("常州国家高新技术产业开发区（新北区）党政办公室"),
                true,
            ),
        ),
        (
            "liaoning_liaoyang_article_jsfooter.html",
            id(None, None, None, None, false),
        ),
        (
            "ministry_nfra_rendered_angular.html",
            id(
                Some("bm55000001"),
                Some("京ICP备19014889号"),
                Some("京公网安备11010202008000号"),
                Some("国家金融监督管理总局"),
                true,
            ),
        ),
        (
            "shaanxi_xian_article.html",
            id(
                Some("6101000007"),
                Some("陕ICP备2024054100号"),
                Some("陕公网安备61011202000087号"),
                Some("西安市人民政府办公厅"),
                true,
            ),
        ),
        (
            "shandong_jinan_jnwl_dept_article_hanweb.html",
            id(None, None, None, None, false),
        ),
        (
            "xinjiang_urumqi_article.html",
            id(
                Some("6501000002"),
                Some("新ICP备05001907号"),
                Some("新公网安备65010502000005号"),
                Some("乌鲁木齐市人民政府办公室"),
                true,
            ),
        ),
    ];
    let mut failures = Vec::new();
    for (file, want) in &all {
        let got = read(&realpage(file));
        if &got != want {
            failures.push(format!("{file}:\n  got  {got:?}\n  want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn towns_and_streets_host_their_sites() {
    let got = read("<div class=footer>主办单位：偃师区邙岭镇人民政府　地址：邙岭镇</div>");
    assert_eq!(got.sponsor.as_deref(), Some("偃师区邙岭镇人民政府"));
    let got = read("<div class=footer>主办单位：偃师区伊洛街道　联系电话：0379-1234567</div>");
    assert_eq!(got.sponsor.as_deref(), Some("偃师区伊洛街道"));
    let got = read("<div class=footer>主办：偃师区首阳山街道办事处</div>");
    assert_eq!(got.sponsor.as_deref(), Some("偃师区首阳山街道办事处"));
}
