package main

import "slices"

// groups are the contributor groups, in the table's order, each with its
// countries' ISO3 codes by UN M49 region (United Nations Statistics
// Division, "Standard country or area codes for statistical use"): Africa;
// Eastern, South-eastern and Southern Asia; Europe with Northern America
// and Oceania; Latin America and the Caribbean; and the rest (Western and
// Central Asia), where any code not listed also goes.
var groups = []struct {
	id, description, regions string
	countries                []string
}{
	{"africa", "African contributors", "UN M49 Africa", []string{
		"AGO", "BDI", "BEN", "BFA", "BWA", "CAF", "CIV", "CMR", "COD", "COG", "COM", "CPV", "DJI", "DZA", "EGY",
		"ERI", "ETH", "GAB", "GHA", "GIN", "GMB", "GNB", "GNQ", "KEN", "LBR", "LBY", "LSO", "MAR", "MDG", "MLI",
		"MOZ", "MRT", "MUS", "MWI", "NAM", "NER", "NGA", "RWA", "SDN", "SEN", "SLE", "SOM", "SSD", "STP", "SWZ",
		"SYC", "TCD", "TGO", "TUN", "TZA", "UGA", "ZAF", "ZMB", "ZWE"}},
	{"asia", "South, South-East and East Asian contributors", "UN M49 Eastern, South-eastern and Southern Asia", []string{
		"AFG", "BGD", "BRN", "BTN", "CHN", "IDN", "IND", "IRN", "JPN", "KHM", "KOR", "LAO", "LKA", "MDV", "MMR",
		"MNG", "MYS", "NPL", "PAK", "PHL", "PRK", "SGP", "THA", "TLS", "VNM"}},
	{"europe", "European, North American and Oceanian contributors, whose parliaments often vote on deployments", "UN M49 Europe, Northern America and Oceania", []string{
		"ALB", "AND", "AUS", "AUT", "BEL", "BGR", "BIH", "BLR", "CAN", "CHE", "CZE", "DEU", "DNK", "ESP", "EST",
		"FIN", "FJI", "FRA", "FSM", "GBR", "GRC", "HRV", "HUN", "IRL", "ISL", "ITA", "KIR", "LIE", "LTU", "LUX",
		"LVA", "MCO", "MDA", "MHL", "MKD", "MLT", "MNE", "NLD", "NOR", "NRU", "NZL", "PLW", "PNG", "POL", "PRT",
		"ROU", "RUS", "SLB", "SMR", "SRB", "SVK", "SVN", "SWE", "TON", "TUV", "UKR", "USA", "VUT", "WSM"}},
	{"latin-america", "Latin American and Caribbean contributors", "UN M49 Latin America and the Caribbean", []string{
		"ARG", "ATG", "BHS", "BLZ", "BOL", "BRA", "BRB", "CHL", "COL", "CRI", "CUB", "DMA", "DOM", "ECU", "GRD",
		"GTM", "GUY", "HND", "HTI", "JAM", "KNA", "LCA", "MEX", "NIC", "PAN", "PER", "PRY", "SLV", "SUR", "TTO",
		"URY", "VCT", "VEN"}},
	{"other", "Any other contributor (Western and Central Asia)", "UN M49 Western and Central Asia", []string{
		"ARE", "ARM", "AZE", "BHR", "CYP", "GEO", "IRQ", "ISR", "JOR", "KAZ", "KGZ", "KWT", "LBN", "OMN", "PSE",
		"QAT", "SAU", "SYR", "TJK", "TKM", "TUR", "UZB", "YEM"}},
}

// groupOf returns the contributor group of an ISO3 code: "other" if no
// group lists it.
func groupOf(iso3 string) string {
	for _, g := range groups {
		if slices.Contains(g.countries, iso3) {
			return g.id
		}
	}
	return "other"
}
