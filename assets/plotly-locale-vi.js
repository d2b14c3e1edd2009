/* Vietnamese locale for Plotly charts: month and day names, decimal comma, dot for thousands.
   Registered through window.PlotlyLocales, which plotly.js reads when it loads (Dash loads
   plotly.js lazily, after the assets). */
(function () {
  var locale = {
    moduleType: 'locale',
    name: 'vi',
    // Keys are plotly.js's own words: plotly.js 4's, then older versions' ('... a png').
    dictionary: {
      'Download plot as a PNG': 'Tải biểu đồ (PNG)',
      'Download plot': 'Tải biểu đồ',
      'Preparing image - this may take a few seconds': 'Đang tạo ảnh, xin chờ vài giây',
      'Image download succeeded': 'Đã tải ảnh',
      'Sorry, there was a problem downloading your image!': 'Không tải được ảnh.',
      'Reset view': 'Đặt lại khung nhìn',
      'Reset views': 'Đặt lại khung nhìn',
      'Toggle show closest data on hover': 'Bật/tắt hiện dữ liệu gần nhất',
      'Double-click to zoom back out': 'Nhấp đúp để thu nhỏ lại',
      'Double-click on legend to isolate one trace': 'Nhấp đúp vào chú giải để chỉ xem một chuỗi',
      'Download plot as a png': 'Tải biểu đồ (PNG)',
      'Zoom': 'Phóng to',
      'Pan': 'Kéo',
      'Reset axes': 'Đặt lại trục',
      'Autoscale': 'Tự động co giãn',
      'Zoom in': 'Phóng to',
      'Zoom out': 'Thu nhỏ',
      'Box Select': 'Chọn vùng',
      'Lasso Select': 'Chọn tự do',
      'Toggle Spike Lines': 'Bật/tắt đường dóng',
      'Show closest data on hover': 'Hiện dữ liệu gần nhất',
      'Compare data on hover': 'So sánh dữ liệu',
      'Produced with Plotly.js': 'Tạo bằng Plotly.js'
    },
    format: {
      days: ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'],
      shortDays: ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'],
      months: ['Tháng Một', 'Tháng Hai', 'Tháng Ba', 'Tháng Tư', 'Tháng Năm', 'Tháng Sáu',
        'Tháng Bảy', 'Tháng Tám', 'Tháng Chín', 'Tháng Mười', 'Tháng Mười Một', 'Tháng Mười Hai'],
      shortMonths: ['Th1', 'Th2', 'Th3', 'Th4', 'Th5', 'Th6', 'Th7', 'Th8', 'Th9', 'Th10',
        'Th11', 'Th12'],
      date: '%d/%m/%Y',
      decimal: ',',
      thousands: '.'
    }
  };
  if (typeof window.Plotly === 'undefined') {
    window.PlotlyLocales = window.PlotlyLocales || [];
    window.PlotlyLocales.push(locale);
  } else {
    window.Plotly.register(locale);
  }
})();
