/** Every bench case, registered by importing its file: add repairs, shipments and projection cases here. */
import './inventory.bench';
